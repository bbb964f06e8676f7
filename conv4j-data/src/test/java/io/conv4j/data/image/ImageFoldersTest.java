package io.conv4j.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conv4j.layers.Conv2D;
import io.conv4j.layers.Dense;
import io.conv4j.layers.Flatten;
import io.conv4j.layers.MaxPooling2D;
import io.conv4j.models.Fit;
import io.conv4j.models.History;
import io.conv4j.models.Sequential;
import io.conv4j.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folders of class sub-folders made at test time: several formats and colour modes, a corrupt file and a
 * text file posing as an image, read by flow_from_directory and image_dataset_from_directory.
 */
class ImageFoldersTest {
    @TempDir
    static Path root;
    static Path folder;

    /** A 12x10 image whose brightness tells its class: circles are bright in the middle, squares at the edges. */
    private static Tensor picture(boolean circle, int variant, int channels) {
        Tensor t = Tensor.zeros(12, 10, channels);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 10; x++) {
                double d = Math.hypot(y - 5.5, x - 4.5);
                float v = (float) (circle ? (d < 3.5 ? 230 : 20) : (d > 4.5 ? 230 : 20)) - variant * 3;
                for (int c = 0; c < channels; c++) {
                    t.setFlat((y * 10 + x) * channels + c, c == 3 ? 255 : v);
                }
            }
        }
        return t;
    }

    @BeforeAll
    static void makeFolder() throws IOException {
        folder = root.resolve("shapes");
        String[] extensions = {"png", "jpg", "bmp", "png"};
        int[] channels = {3, 3, 1, 4};
        for (String cls : List.of("squares", "circles")) {
            Path dir = Files.createDirectories(folder.resolve(cls));
            for (int i = 0; i < 8; i++) {
                Images.saveImg(dir.resolve(cls + i + "." + extensions[i % 4]), picture(cls.equals("circles"), i, channels[i % 4]));
            }
        }
        Path nested = Files.createDirectories(folder.resolve("circles/more"));
        Images.saveImg(nested.resolve("circle-nested.png"), picture(true, 9, 1));
        Files.writeString(folder.resolve("squares/notes.txt"), "not an image");
        Files.writeString(folder.resolve("squares/fake.png"), "this is text, not a PNG");
        byte[] jpeg = Files.readAllBytes(folder.resolve("squares/squares1.jpg"));
        Files.write(folder.resolve("squares/truncated.jpg"), java.util.Arrays.copyOf(jpeg, 40));
    }

    private static PrintStream capture(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    @Test
    void flowFromDirectoryFindsClassesInOrderAndSkipsWhatIsNotAnImage() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DirectoryIterator it = new ImageDataGenerator().rescale(1 / 255.0).flowFromDirectory(folder,
                FlowOptions.targetSize(6, 5).classMode("binary").batchSize(4).shuffle(false).output(capture(out)));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("WARNING: skipping " + folder.resolve("squares/fake.png") + ": not an image"), printed);
        assertTrue(printed.endsWith("Found 18 images belonging to 2 classes.\n"), printed);
        assertEquals(Map.of("circles", 0, "squares", 1), it.classIndices());
        assertEquals(List.of("circles", "squares"), it.classNames());
        assertEquals(folder.resolve("circles/more/circle-nested.png"), it.filenames().get(8));
        assertEquals(5, it.steps());
        Batch b = it.next();
        assertArrayEquals(new int[] {4, 6, 5, 3}, b.x().shape());
        assertArrayEquals(new float[] {0, 0, 0, 0}, b.y().toArray());
        float max = 0;
        for (float v : b.x().toArray()) {
            max = Math.max(max, v);
        }
        assertTrue(max <= 1f && max > 0.5f, "rescaled to 0..1, max " + max);
    }

    @Test
    void classModesGiveKerasLabels() throws IOException {
        PrintStream quiet = capture(new ByteArrayOutputStream());
        ImageDataGenerator gen = new ImageDataGenerator();
        Batch categorical = gen.flowFromDirectory(folder, FlowOptions.targetSize(4, 4).batchSize(18).shuffle(false)
                .colorMode("grayscale").output(quiet)).next();
        assertArrayEquals(new int[] {18, 4, 4, 1}, categorical.x().shape());
        assertArrayEquals(new int[] {18, 2}, categorical.y().shape());
        assertEquals(1f, categorical.y().getFlat(0));
        assertEquals(1f, categorical.y().getFlat(17 * 2 + 1));
        Batch sparse = gen.flowFromDirectory(folder, FlowOptions.targetSize(4, 4).batchSize(18).shuffle(false)
                .classMode("sparse").output(quiet)).next();
        assertEquals(1f, sparse.y().getFlat(17));
        Batch input = gen.flowFromDirectory(folder, FlowOptions.targetSize(4, 4).batchSize(3).classMode("input")
                .output(quiet)).next();
        assertArrayEquals(input.x().toArray(), input.y().toArray());
        Batch none = gen.flowFromDirectory(folder, FlowOptions.targetSize(4, 4).classMode(ClassMode.NONE).output(quiet)).next();
        assertEquals(null, none.y());
    }

    @Test
    void subsetsSplitEachClassAndOptionsAreChecked() throws IOException {
        PrintStream quiet = capture(new ByteArrayOutputStream());
        ImageDataGenerator gen = new ImageDataGenerator().validationSplit(0.25);
        DirectoryIterator validation = gen.flowFromDirectory(folder, FlowOptions.targetSize(4, 4).subset("validation").output(quiet));
        DirectoryIterator training = gen.flowFromDirectory(folder, FlowOptions.targetSize(4, 4).subset("training").output(quiet));
        assertEquals(2 + 2, validation.samples());
        assertEquals(18 - 4, training.samples());
        assertEquals(folder.resolve("circles/circles0.png"), validation.filenames().get(0));

        IOException missing = assertThrows(IOException.class,
                () -> gen.flowFromDirectory(root.resolve("nope"), FlowOptions.targetSize(4, 4).output(quiet)));
        assertTrue(missing.getMessage().contains("no such folder"), missing.getMessage());
        Path empty = Files.createDirectories(root.resolve("empty-class/cats"));
        Files.createDirectories(root.resolve("empty-class/dogs"));
        Images.saveImg(empty.resolve("a.png"), picture(true, 0, 3));
        IOException emptyClass = assertThrows(IOException.class,
                () -> gen.flowFromDirectory(root.resolve("empty-class"), FlowOptions.targetSize(4, 4).output(quiet)));
        assertTrue(emptyClass.getMessage().contains("class 'dogs' holds no images"), emptyClass.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FlowOptions.targetSize(4, 4).classMode("multi"));
    }

    @Test
    void augmentationIsReproducibleForASeedAndDiffersBetweenEpochs() throws IOException {
        PrintStream quiet = capture(new ByteArrayOutputStream());
        ImageDataGenerator gen = new ImageDataGenerator().rotationRange(40).widthShiftRange(0.2).zoomRange(0.2)
                .horizontalFlip(true);
        DirectoryIterator a = gen.flowFromDirectory(folder, FlowOptions.targetSize(8, 8).batchSize(18).seed(7).output(quiet));
        DirectoryIterator b = gen.flowFromDirectory(folder, FlowOptions.targetSize(8, 8).batchSize(18).seed(7).output(quiet));
        Batch first = a.next();
        Batch same = b.next();
        assertArrayEquals(first.x().toArray(), same.x().toArray());
        assertArrayEquals(first.y().toArray(), same.y().toArray());
        Batch nextEpoch = a.next();
        assertTrue(!java.util.Arrays.equals(first.x().toArray(), nextEpoch.x().toArray()), "a new epoch draws new transforms");
    }

    @Test
    void aFileThatFailsToDecodeIsReportedOnceAndReplaced() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DirectoryIterator it = new ImageDataGenerator().flowFromDirectory(folder,
                FlowOptions.targetSize(4, 4).batchSize(18).shuffle(false).output(capture(out)));
        it.next();
        it.next();
        String printed = out.toString(StandardCharsets.UTF_8);
        int first = printed.indexOf("skipping unreadable image " + folder.resolve("squares/truncated.jpg"));
        assertTrue(first >= 0, printed);
        assertEquals(first, printed.lastIndexOf("skipping unreadable image " + folder.resolve("squares/truncated.jpg")));
    }

    @Test
    void aModelTrainsOnAFolder() throws IOException {
        PrintStream quiet = capture(new ByteArrayOutputStream());
        ImageDataGenerator gen = new ImageDataGenerator().rescale(1 / 255.0).validationSplit(0.25);
        DirectoryIterator train = gen.flowFromDirectory(folder, FlowOptions.targetSize(12, 10).classMode("binary")
                .batchSize(4).seed(1).subset("training").output(quiet));
        DirectoryIterator validation = gen.flowFromDirectory(folder, FlowOptions.targetSize(12, 10).classMode("binary")
                .batchSize(4).seed(1).subset("validation").output(quiet));
        Sequential model = new Sequential(new Conv2D(4, 3, "relu").inputShape(12, 10, 3), new MaxPooling2D(2), new Flatten(),
                new Dense(1, "sigmoid"));
        model.seed(3);
        model.compile("adam", "binary_crossentropy", "accuracy");
        History h = model.fit(train, Fit.epochs(25).verbose(0).workers(2).validationData(validation));
        assertTrue(h.last("accuracy") >= 0.9, h.toString());
        Map<String, Double> scores = model.evaluate(validation, 0, quiet);
        assertEquals(h.last("val_loss"), scores.get("loss"), 1e-6);
        assertEquals(4, model.predict(validation).get(0).dim(0));
    }

    @Test
    void imageDatasetFromDirectorySplitsShuffledFiles() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DirectoryIterator training = ImageDatasets.fromDirectory(folder, DatasetOptions.imageSize(5, 5).validationSplit(0.2)
                .subset("training").seed(3).labelMode("categorical").output(capture(out)));
        DirectoryIterator validation = ImageDatasets.fromDirectory(folder, DatasetOptions.imageSize(5, 5).validationSplit(0.2)
                .subset("validation").seed(3).output(capture(new ByteArrayOutputStream())));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Found 18 files belonging to 2 classes.\nUsing 15 files for training.\n"), printed);
        assertEquals(3, validation.samples());
        for (Path f : validation.filenames()) {
            assertTrue(!training.filenames().contains(f), f + " is in both subsets");
        }
        Batch b = training.next();
        assertArrayEquals(new int[] {15, 5, 5, 3}, b.x().shape());
        assertArrayEquals(new int[] {15, 2}, b.y().shape());
        assertThrows(IllegalArgumentException.class, () -> ImageDatasets.fromDirectory(folder,
                DatasetOptions.imageSize(5, 5).validationSplit(0.2).subset("training")));
    }

    @Test
    void imageDatasetsCropToTheTargetAspectRatioBeforeResizing(@TempDir Path dir) throws IOException {
        // An 8-wide, 4-high ramp: column x holds 10 x in every row.
        java.awt.image.BufferedImage wide = new java.awt.image.BufferedImage(8, 4, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                wide.getRaster().setSample(x, y, 0, 10 * x);
            }
        }
        Path file = dir.resolve("wide-ramp.png");
        javax.imageio.ImageIO.write(wide, "png", file.toFile());
        Tensor cropped = Tensor.zeros(4, 4, 1);
        ImageDatasets.loadResized(file, ColorMode.GRAYSCALE, 4, 4, true, cropped);
        Tensor squeezed = Tensor.zeros(4, 4, 1);
        ImageDatasets.loadResized(file, ColorMode.GRAYSCALE, 4, 4, false, squeezed);
        for (int x = 0; x < 4; x++) {
            // The centred 4 x 4 window (columns 2-5) as it is; the whole image halved: columns 2x, 2x + 1 averaged.
            assertEquals(10 * (x + 2), cropped.get(1, x, 0), 1e-4f);
            assertEquals(10 * (2 * x) + 5, squeezed.get(1, x, 0), 1e-4f);
        }
    }

    @Test
    void flowServesArraysWithTheirLabels() {
        Tensor x = Tensor.zeros(5, 4, 4, 1);
        Tensor y = Tensor.vector(0, 1, 2, 3, 4);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 16; j++) {
                x.setFlat(i * 16 + j, i);
            }
        }
        NumpyArrayIterator it = new ImageDataGenerator().horizontalFlip(true).flow(x, y, 2, true, 11);
        Batch b = it.next();
        assertArrayEquals(new int[] {2, 4, 4, 1}, b.x().shape());
        for (int i = 0; i < 2; i++) {
            assertEquals(b.y().getFlat(i), b.x().getFlat(i * 16), "the label travels with its image");
        }
        NumpyArrayIterator validation = new ImageDataGenerator().validationSplit(0.4).flow(x, y, 5, false, 1, "validation");
        assertArrayEquals(new float[] {0, 1}, validation.next().y().toArray());
    }
}
