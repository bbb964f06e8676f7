package io.conv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.conv4j.config.Json;
import io.conv4j.data.Dataset;
import io.conv4j.data.FashionMnist;
import io.conv4j.data.Idx;
import io.conv4j.io.Npy;
import io.conv4j.layers.Dense;
import io.conv4j.layers.Flatten;
import io.conv4j.layers.Input;
import io.conv4j.models.Sequential;
import io.conv4j.tensor.Tensor;
import io.conv4j.utils.Utils;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The conv4j command end to end, in-process. */
class CliTest {
    @TempDir
    static Path tmp;
    static Path x;
    static Path y;

    /** What a run printed and returned. */
    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void smallData() throws IOException {
        Dataset d = FashionMnist.sample();
        x = tmp.resolve("x.npy");
        y = tmp.resolve("y.npy");
        Npy.write(x, d.xTrain().slice(0, 96).div(255f));
        Npy.write(y, d.yTrain().slice(0, 96));
        Idx.writeUnsignedBytes(tmp.resolve("images-idx3-ubyte"), d.xTest().slice(0, 40));
        Idx.writeUnsignedBytes(tmp.resolve("labels-idx1-ubyte"), d.yTest().slice(0, 40));
    }

    @ParameterizedTest
    @CsvSource({"fashion-cnn, '243,786'", "fashion-mlp, '101,770'", "fashion-mlp-dropout, '242,762'", "mnist-mlp, '407,050'", "mnist-cnn-checkpoint, '1,199,882'",
        "mnist-cnn, '1,199,882'", "lenet5, '545,546'", "cifar-cnn, '890,410'", "keras-convnet, '104,202'",
        "horse-human, '1,704,097'", "rps, '3,473,475'"})
    void presetSummariesMatchTheTextbooks(String preset, String params) {
        Run r = run("summary", preset);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Total params: " + params + "\n"), r.out());
        assertTrue(r.out().startsWith("Model: \"sequential"), r.out());
    }

    @Test
    void trainsEvaluatesAndPredicts() throws IOException {
        Path model = tmp.resolve("cnn.keras");
        Run train = run("train", "fashion-cnn", "--data", "npy:" + x + "," + y, "--test-data",
                "idx:" + tmp.resolve("images-idx3-ubyte") + "," + tmp.resolve("labels-idx1-ubyte"),
                "--epochs", "2", "--batch-size", "32", "--seed", "1", "--verbose", "2", "--out", model.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().contains("Epoch 2/2") && train.out().matches("(?s).*3/3 - \\d+s - loss: \\d\\.\\d{4} - accuracy: .*"), train.out());
        assertTrue(train.out().contains("Test loss: ") && train.out().contains("Prediction for test sample 0: "), train.out());
        assertTrue(Files.isRegularFile(model));
        assertTrue(train.out().contains("Saved history to " + tmp.resolve("history.csv") + "\n"), train.out());
        assertTrue(train.out().contains("Saved plots to " + tmp.resolve("loss.png") + ", " + tmp.resolve("accuracy.png") + "\n"),
                train.out());
        assertTrue(Files.readString(tmp.resolve("history.csv")).startsWith("epoch,accuracy,loss\r\n0,"));
        assertEquals(640, ImageIO.read(tmp.resolve("loss.png").toFile()).getWidth());

        Run eval = run("evaluate", "--model", model.toString(), "--data",
                "idx:" + tmp.resolve("images-idx3-ubyte") + "," + tmp.resolve("labels-idx1-ubyte"), "--json");
        assertEquals(0, eval.status(), eval.err());
        JsonNode scores = Json.parse(eval.out(), "evaluate output");
        assertTrue(scores.get("loss").isNumber() && scores.get("accuracy").asDouble() >= 0, eval.out());
        Run line = run("evaluate", "--model", model.toString(), "--data", "npy:" + x + "," + y);
        assertTrue(line.out().matches("3/3 \\[=+] - \\d+s \\d+(ms|us|s)/step - loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4}\\n"), line.out());

        Path png = tmp.resolve("item.png");
        BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        img.setRGB(10, 10, 0xFFFFFF);
        ImageIO.write(img, "png", png.toFile());
        Run predict = run("predict", "--model", model.toString(), png.toString(), "--top", "3");
        assertEquals(0, predict.status(), predict.err());
        assertTrue(predict.out().startsWith(png + ": ") && predict.out().split(",").length == 3, predict.out());

        Path out = tmp.resolve("probs.npy");
        Run array = run("predict", "--model", model.toString(), "--input", x.toString(), "--output", out.toString(), "--json");
        assertEquals(0, array.status(), array.err());
        assertEquals(96, Json.parse(array.out(), "predict output").size());
        assertEquals(96 * 10, Npy.read(out).size());
    }

    @Test
    void continuesTrainingASavedModel() {
        Path model = tmp.resolve("mlp.keras");
        assertEquals(0, run("train", "fashion-mlp", "--data", "npy:" + x + "," + y, "--epochs", "1", "--verbose", "0",
                "--out", model.toString()).status());
        Run again = run("train", model.toString(), "--data", "npy:" + x + "," + y, "--epochs", "1", "--verbose", "2",
                "--out", model.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("Epoch 2/2"), again.out());
    }

    @Test
    void trainWritesTheRunWhereAskedOrNowhere() throws IOException {
        Path dir = tmp.resolve("runs-here");
        Run plotted = run("train", "fashion-mlp", "--data", "npy:" + x + "," + y, "--epochs", "2", "--verbose", "0",
                "--validation-split", "0.25", "--plots", dir.toString());
        assertEquals(0, plotted.status(), plotted.err());
        assertTrue(plotted.out().contains("Saved history to " + dir.resolve("history.csv")), plotted.out());
        assertEquals(java.util.Set.of("history.csv", "loss.png", "accuracy.png"), names(dir));
        assertTrue(Files.readString(dir.resolve("history.csv")).startsWith("epoch,accuracy,loss,val_accuracy,val_loss\r\n"));

        Run quiet = run("train", "fashion-mlp", "--data", "npy:" + x + "," + y, "--epochs", "1", "--verbose", "0", "--no-plots");
        assertEquals(0, quiet.status(), quiet.err());
        assertFalse(quiet.out().contains("Saved"), quiet.out());
        assertFalse(Files.exists(Path.of("runs", "fashion-mlp")), "--no-plots writes nothing");
    }

    @Test
    void aRunGoesBesideItsModelElseUnderRuns() {
        assertEquals(Path.of("out"), RunOutputs.directory(Path.of("out"), Path.of("models/m.keras"), "fashion-cnn"));
        assertEquals(Path.of("models"), RunOutputs.directory(null, Path.of("models/m.keras"), "fashion-cnn"));
        assertEquals(Path.of(""), RunOutputs.directory(null, Path.of("m.keras"), "fashion-cnn"));
        assertEquals(Path.of("runs", "fashion-cnn"), RunOutputs.directory(null, null, "fashion-cnn"));
        assertEquals(Path.of("runs", "my_model"), RunOutputs.directory(null, null, "/models/my model.json"));
    }

    @Test
    void benchProfilesLayersAsJson() throws IOException {
        Run r = run("bench", "--model", "lenet5", "--batch-size", "4", "--phases", "infer", "--seconds", "0.1",
                "--profile", "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertTrue(json.get("infer_samples_per_s").asDouble() > 0, r.out());
        JsonNode layers = json.get("infer_layers");
        assertEquals(8, layers.size(), r.out());
        assertTrue(layers.get(0).get("layer").asText().startsWith("conv2d"), r.out());
        assertTrue(layers.get(0).get("forward_ms").asDouble() > 0, r.out());
    }

    @Test
    void plotsAHistoryFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("plot"));
        Path csv = dir.resolve("training.log");
        Files.writeString(csv, "epoch;accuracy;loss;lr;val_accuracy;val_loss\r\n0;0.7;0.8;0.001;0.72;0.75\r\n"
                + "1;0.8;0.55;0.001;0.78;0.6\r\n\r\n2;0.85;0.45;0.001;0.8;0.58\r\n");
        Run png = run("plot", csv.toString());
        assertEquals(0, png.status(), png.err());
        assertEquals(dir.resolve("loss.png") + "\n" + dir.resolve("accuracy.png") + "\n", png.out());
        BufferedImage image = ImageIO.read(dir.resolve("accuracy.png").toFile());
        assertEquals(480, image.getHeight());

        Path out = tmp.resolve("plot-out");
        Run both = run("plot", csv.toString(), "--out", out.toString(), "--prefix", "run1-", "--format", "both", "--size", "320x240");
        assertEquals(0, both.status(), both.err());
        assertEquals(java.util.List.of(out.resolve("run1-loss.png").toString(), out.resolve("run1-loss.svg").toString(),
                out.resolve("run1-accuracy.png").toString(), out.resolve("run1-accuracy.svg").toString()), both.out().lines().toList());
        assertEquals(320, ImageIO.read(out.resolve("run1-loss.png").toFile()).getWidth());
        assertTrue(Files.readString(out.resolve("run1-loss.svg")).contains("<svg"));
    }

    @Test
    void plotErrorsAreOneLine() throws IOException {
        Path bad = tmp.resolve("bad-history.csv");
        Files.writeString(bad, "epoch,loss\n0,0.5\n1,oops\n");
        Map<String, String[]> failures = Map.of(
                tmp.resolve("no-history.csv") + ": no such file", new String[] {"plot", tmp.resolve("no-history.csv").toString()},
                bad + ", line 3: expected a number for 'loss', found 'oops'", new String[] {"plot", bad.toString()});
        for (Map.Entry<String, String[]> c : failures.entrySet()) {
            Run r = run(c.getValue());
            assertEquals(1, r.status(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("conv4j plot: " + c.getKey()), r.err());
        }
        for (String[] args : new String[][] {{"plot"}, {"plot", bad.toString(), "--format", "gif"},
            {"plot", bad.toString(), "--size", "big"}, {"plot", bad.toString(), "--size", "10x10"}}) {
            Run r = run(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    private static java.util.Set<String> names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void earlyStoppingCheckpointsAndCsvLog() throws IOException {
        Path dir = tmp.resolve("callbacks");
        Path log = dir.resolve("log.csv");
        String template = dir + "/mlp-{epoch:02d}-{val_loss:.3f}.keras";
        // A learning rate of 0 keeps val_loss where it is, so epoch 2 cannot improve and patience 1 stops there.
        Run r = run("train", "fashion-mlp", "--data", "npy:" + x + "," + y, "--epochs", "5", "--seed", "1", "--verbose", "2",
                "--validation-split", "0.25", "--learning-rate", "0", "--early-stopping", "1", "--checkpoint", template,
                "--csv", log.toString(), "--no-plots");
        assertEquals(0, r.status(), r.err());
        String out = r.out();
        assertTrue(out.contains("\nEpoch 00001: val_loss improved from inf to "), out);
        assertTrue(out.matches("(?s).*\n\nEpoch 00002: val_loss did not improve from \\d+\\.\\d{5}\n"
                + "Restoring model weights from the end of the best epoch\\.\nEpoch 00002: early stopping\n"
                + "Trained 2 epochs in .*"), out);
        List<Path> saved;
        try (var files = Files.list(dir)) {
            saved = files.filter(p -> p.toString().endsWith(".keras")).toList();
        }
        assertEquals(1, saved.size(), saved.toString());
        assertTrue(saved.get(0).getFileName().toString().matches("mlp-01-\\d+\\.\\d{3}\\.keras"), saved.toString());
        assertTrue(out.contains("saving model to " + saved.get(0) + "\n"), out);
        List<String> lines = Files.readAllLines(log);
        assertEquals(List.of("epoch,accuracy,loss,val_accuracy,val_loss"), lines.subList(0, 1));
        assertEquals(3, lines.size());

        Run resumed = run("train", saved.get(0).toString(), "--data", "npy:" + x + "," + y, "--epochs", "1", "--verbose", "0",
                "--validation-split", "0.25", "--csv", log.toString(), "--no-plots");
        assertEquals(0, resumed.status(), resumed.err());
        lines = Files.readAllLines(log);
        assertEquals(4, lines.size(), "continuing a saved model appends to the log");
        assertTrue(lines.get(3).startsWith("1,"), lines.get(3));

        Run otherColumns = run("train", saved.get(0).toString(), "--data", "npy:" + x + "," + y, "--epochs", "1",
                "--verbose", "0", "--csv", log.toString(), "--no-plots");
        assertEquals(1, otherColumns.status());
        assertTrue(otherColumns.err().contains("CSVLogger: cannot append to " + log + ": its columns are"), otherColumns.err());
    }

    @Test
    void earlyStoppingTakesAnOptionalPatience() {
        Run r = run("train", "--early-stopping", "fashion-cnn", "--checkpoint", "best.txt");
        assertEquals(2, r.status());
        assertEquals("conv4j train: --checkpoint must name .keras (Keras 3) or .h5 (Keras 2) files, got best.txt (see conv4j train --help)\n", r.err());
        r = run("train", "fashion-cnn", "--early-stopping=-2");
        assertEquals("conv4j train: --early-stopping PATIENCE must be 0 or more, got -2 (see conv4j train --help)\n", r.err());
    }

    @Test
    void oneHotLabelsAndOtherMetricsAreReportedAsTheyAre() throws IOException {
        Path oneHot = tmp.resolve("y-onehot.npy");
        Npy.write(oneHot, Utils.toCategorical(Npy.read(y), 10));
        String data = "npy:" + x + "," + oneHot;
        Run r = run("train", "fashion-mlp", "--loss", "categorical_crossentropy", "--data", data, "--test-data", data,
                "--epochs", "1", "--verbose", "0", "--no-plots");
        assertEquals(0, r.status(), r.err());
        int label = (int) Npy.read(y).getFlat(0);
        assertTrue(r.out().contains("; label: class " + label + "\n"), r.out());
        assertTrue(r.out().matches("(?s).*\nTest loss: \\d\\.\\d{4} - test accuracy: \\d\\.\\d{4}\n.*"), r.out());

        Path saved = tmp.resolve("sparse-metric.keras");
        Sequential m = new Sequential(Input.shape(28, 28, 1), new Flatten(), new Dense(10, "softmax"));
        m.compile("adam", "sparse_categorical_crossentropy", "sparse_categorical_accuracy", "acc");
        m.save(saved);
        r = run("train", saved.toString(), "--data", "npy:" + x + "," + y, "--test-data", "npy:" + x + "," + y,
                "--epochs", "1", "--verbose", "0", "--no-plots");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().matches("(?s).*\nTest loss: \\d\\.\\d{4} - test sparse_categorical_accuracy: \\d\\.\\d{4}"
                + " - test accuracy: \\d\\.\\d{4}\n.*"), r.out());
    }

    @Test
    void usageErrorsAreOneLineWithStatus2() {
        for (String[] args : new String[][] {{"train"}, {"train", "fashion-cnn", "--epochs", "zero"},
            {"train", "no-such-model"}, {"train", "fashion-cnn", "--data", "parquet:foo"}, {"frobnicate"},
            {"train", "horse-human"}, {"evaluate", "--model", "fashion-cnn"},
            {"train", "fashion-cnn", "--plots", "p", "--no-plots"},
            {"train", "fashion-cnn", "--checkpoint", "best.txt"}, {"train", "fashion-cnn", "--checkpoint", "m-{epoch.keras"},
            {"train", "fashion-cnn", "--checkpoint", "m-{val_loss:.4f}.keras"},
            {"train", "fashion-cnn", "--checkpoint", "m-{loss:d}.keras"},
            {"train", "fashion-cnn", "--early-stopping", "-1"}, {"train", "fashion-cnn", "--early-stopping", "soon"},
            {"train", "fashion-cnn", "--verbose", "5"}, {"train", "fashion-cnn", "--validation-split", "1.5"},
            {"train", "fashion-cnn", "--learning-rate", "-1"}, {"train", "fashion-cnn", "--epochs", "0"},
            {"train", "fashion-cnn", "--batch-size", "0"}, {"evaluate", "--model", "fashion-cnn", "--data", "mnist", "--batch-size", "0"},
            {"predict", "--model", "fashion-cnn", "--input", "x.npy", "--top", "0"}}) {
            Run r = run(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.out().isEmpty() || !r.out().contains("Exception"), r.out());
        }
    }

    @Test
    void failuresAreOneLineWithStatus1() throws IOException {
        Path truncated = tmp.resolve("cut-idx3-ubyte");
        byte[] full = Files.readAllBytes(tmp.resolve("images-idx3-ubyte"));
        Files.write(truncated, Arrays.copyOf(full, full.length - 100));
        Path latin1 = tmp.resolve("latin1.json");
        Files.write(latin1, "{\"class_name\": \"Sequential\", \"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        Path badScale = tmp.resolve("bad-scale.keras");
        Sequential saved = new Sequential(Input.shape(28, 28, 1), new Flatten(), new Dense(10, "softmax"));
        saved.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        saved.metadata().put("rescale", "abc");
        saved.save(badScale);
        Map<String, String[]> cases = Map.of(
                "cut-idx3-ubyte: truncated", new String[] {"train", "fashion-cnn", "--data", "idx:" + truncated + "," + tmp.resolve("labels-idx1-ubyte")},
                "missing.npy: no such file", new String[] {"train", "fashion-cnn", "--data", "npy:" + tmp.resolve("missing.npy") + "," + y},
                "latin1.json: not a UTF-8 JSON file", new String[] {"summary", latin1.toString()},
                "bad-scale.keras: the saved input scale (metadata 'rescale') should be a non-zero number, found 'abc'",
                new String[] {"evaluate", "--model", badScale.toString(), "--data", "npy:" + x + "," + y},
                "do not fit the model input", new String[] {"train", "cifar-cnn", "--data", "npy:" + x + "," + y, "--epochs", "1"},
                "fashion-mnist not found in", new String[] {"train", "fashion-cnn", "--data", "fashion-mnist:" + tmp.resolve("nowhere")});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            Run r = run(c.getValue());
            assertEquals(1, r.status(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(c.getKey()), c.getKey() + " not in: " + r.err());
            assertFalse(r.err().contains("at io.conv4j"), r.err());
        }
    }

    @Test
    void labelsOutOfRangeAndNanInputsAreReported() throws IOException {
        Path badY = tmp.resolve("bad-y.npy");
        Tensor labels = Npy.read(y).copy();
        labels.setFlat(5, 12);
        Npy.write(badY, labels);
        Run r = run("train", "fashion-mlp", "--data", "npy:" + x + "," + badY, "--epochs", "1", "--no-plots");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("label 12.0 at index 5 is out of range"), r.err());

        Path nanX = tmp.resolve("nan-x.npy");
        Tensor xs = Npy.read(x).copy();
        xs.setFlat(800, Float.NaN);
        Npy.write(nanX, xs);
        r = run("train", "fashion-mlp", "--data", "npy:" + nanX + "," + y, "--epochs", "1", "--no-plots");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("NaN in sample 1"), r.err());
    }

    /** A command that fails with a given throwable, to reach the handlers picocli does not cover. */
    @CommandLine.Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        private final Throwable failure;

        Boom(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            if (failure instanceof Error e) {
                throw e;
            }
            throw (Exception) failure;
        }
    }

    private static Run runFailing(Throwable failure) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine cli = Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8), errStream);
        cli.addSubcommand("boom", new Boom(failure));
        int status = Main.execute(cli, new String[] {"boom"}, errStream);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void errorsAreOneLineWithStatus1Too() {
        Map<Throwable, String> cases = Map.of(
                new OutOfMemoryError("Java heap space"), "conv4j boom: out of memory: give the JVM more heap",
                new ExceptionInInitializerError(new IllegalArgumentException("bad setting 'x'")), "conv4j boom: bad setting 'x'",
                new StackOverflowError(), "conv4j boom: StackOverflowError",
                new IllegalStateException("preparing a batch failed", new OutOfMemoryError("Java heap space")),
                "conv4j boom: out of memory",
                new IllegalStateException("broken"), "conv4j boom: broken");
        for (Map.Entry<Throwable, String> c : cases.entrySet()) {
            Run r = runFailing(c.getKey());
            assertEquals(1, r.status(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith(c.getValue()), c.getValue() + " not at the start of: " + r.err());
        }
    }
}
