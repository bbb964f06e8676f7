package io.conv4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conv4j.config.Json;
import io.conv4j.kernels.Kernels;
import io.conv4j.kernels.Parallel;
import io.conv4j.kernels.simd.FmaPeak;
import io.conv4j.models.LayerTime;
import io.conv4j.models.Model;
import io.conv4j.tensor.Shape;
import io.conv4j.tensor.Tensor;
import io.conv4j.utils.Utils;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure speed: training and inference throughput and batch-1 latency of a preset, "
            + "and GEMM GFLOP/s against the machine's FMA peak.",
            "Runs on random data after a warm-up; each figure is the median of several timed rounds."})
final class BenchCommand implements Callable<Integer> {
    private static final double MIN_WARMUP_SECONDS = 3;
    private static final double MAX_WARMUP_SECONDS = 30;
    /** JIT compile time per second of warm-up below which the JIT counts as settled. */
    private static final long QUIET_JIT_MS = 20;
    /**
     * Square GEMMs, and the three im2col GEMMs of the MNIST CNN's second convolution at batch 128 (24x24
     * outputs, 3x3x32 patches, 64 filters): forward, weight gradient and input gradient.
     */
    private static final int[][] GEMM_SHAPES = {
        // transA, transB, M, N, K
        {0, 0, 1024, 1024, 1024}, {0, 0, 2048, 2048, 2048},
        {0, 0, 73728, 64, 288}, {1, 0, 288, 64, 73728}, {0, 1, 73728, 288, 64}};
    private static final String[] GEMM_NAMES = {"1024^3", "2048^3", "conv fwd 73728x64x288",
        "conv dW 288x64x73728 (A transposed)", "conv dX 73728x288x64 (B transposed)"};

    @ParentCommand
    Main main;

    @Option(names = "--model", paramLabel = "PRESET", completionCandidates = PresetNames.class,
            description = "the preset to measure (${COMPLETION-CANDIDATES})")
    String model;

    @Option(names = "--batch-size", paramLabel = "N", description = "batch size for training and inference (default: ${DEFAULT-VALUE})")
    int batchSize = 128;

    @Option(names = "--threads", paramLabel = "T", description = "threads (default: all cores; must be given before anything else runs)")
    Integer threads;

    @Option(names = "--phases", paramLabel = "LIST", split = ",",
            description = "which model figures to measure: train, infer, latency (default: all three)")
    List<String> phases = List.of("train", "infer", "latency");

    @Option(names = "--gemm", description = "measure GEMM GFLOP/s at 1024^2, 2048^2 and the convolution shapes")
    boolean gemm;

    @Option(names = "--seconds", paramLabel = "S", description = "measuring time per figure, after a warm-up of at least 3 s that lasts until the JIT has settled (at most 30 s) (default: ${DEFAULT-VALUE})")
    double seconds = 5;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--profile", description = "also print the time per layer call of the train and infer phases (forward and backward ms per batch)")
    boolean profile;

    /** With --profile: the model measured and its layer times when the timed rounds of the current figure began. */
    private Model profiled;
    private List<LayerTime> roundsStart;

    @Override
    public Integer call() {
        if (model == null && !gemm) {
            throw new UsageException("give --model PRESET, --gemm, or both");
        }
        if (batchSize < 1 || !(seconds > 0)) {
            throw new UsageException("--batch-size and --seconds must be positive");
        }
        if (threads != null) {
            if (threads < 1) {
                throw new UsageException("--threads must be at least 1");
            }
            System.setProperty("conv4j.threads", Integer.toString(threads));
        }
        if (threads != null && Parallel.threads() != threads) {
            throw new IllegalStateException("the thread pool was already started with " + Parallel.threads() + " threads");
        }
        PrintStream out = main.out();
        ObjectNode result = Json.object();
        result.put("kernels", Kernels.get().name());
        result.put("threads", Parallel.threads());
        result.put("java", Runtime.version().toString());
        if (model != null) {
            benchModel(result, out);
        }
        if (gemm) {
            benchGemm(result, out);
        }
        if (json) {
            out.println(Json.write(result));
        }
        return 0;
    }

    private void benchModel(ObjectNode result, PrintStream out) {
        Presets.Preset preset = Presets.get(model);
        if (preset == null) {
            throw new UsageException("unknown preset '" + model + "'; expected one of " + String.join(", ", Presets.names()));
        }
        Model m = preset.model().get();
        m.seed(1);
        m.compile(preset.optimizer().get(), preset.loss(), "accuracy");
        m.recordLayerTimes(profile);
        Shape in = m.inputShape();
        Tensor x = random(in.batch(batchSize), 2);
        Tensor y = labels(m, batchSize);
        Tensor one = x.slice(0, 1).copy();
        result.put("model", model);
        result.put("params", m.countParams());
        result.put("batch_size", batchSize);
        if (!json) {
            out.printf(Locale.ROOT, "%s: %,d params, batch %d, %s kernels, %d threads%n", model, m.countParams(),
                    batchSize, Kernels.get().name(), Parallel.threads());
        }
        for (String phase : phases) {
            switch (phase) {
                case "train" -> {
                    profiled = profile ? m : null;
                    double train = rate(() -> m.trainOnBatch(x, y), batchSize);
                    result.put("train_samples_per_s", round(train));
                    result.put("train_warmup_s", round(lastWarmupSeconds));
                    if (!json) {
                        out.printf(Locale.ROOT, "  train      %10.1f samples/s%n", train);
                    }
                    printProfile(result, "train", out);
                }
                case "infer" -> {
                    profiled = profile ? m : null;
                    double infer = rate(() -> m.predict(x, batchSize), batchSize);
                    result.put("infer_samples_per_s", round(infer));
                    result.put("infer_warmup_s", round(lastWarmupSeconds));
                    if (!json) {
                        out.printf(Locale.ROOT, "  infer      %10.1f samples/s%n", infer);
                    }
                    printProfile(result, "infer", out);
                }
                case "latency" -> {
                    double latency = medianLatencyMs(() -> m.predict(one, 1));
                    result.put("latency_ms_p50", Math.round(latency * 1000) / 1000.0);
                    result.put("latency_warmup_s", round(lastWarmupSeconds));
                    if (!json) {
                        out.printf(Locale.ROOT, "  batch-1    %10.3f ms (median)%n", latency);
                    }
                }
                default -> throw new UsageException("unknown phase '" + phase + "'; expected train, infer or latency");
            }
        }
    }

    /** With --profile: the mean forward and backward ms per batch of each layer call over the timed rounds. */
    private void printProfile(ObjectNode result, String phase, PrintStream out) {
        if (profiled == null) {
            return;
        }
        List<LayerTime> end = profiled.layerTimes();
        profiled = null;
        double total = 0;
        double[][] ms = new double[end.size()][2];
        for (int i = 0; i < end.size(); i++) {
            LayerTime a = roundsStart.get(i);
            LayerTime b = end.get(i);
            long forwards = b.forwards() - a.forwards();
            long backwards = b.backwards() - a.backwards();
            ms[i][0] = forwards == 0 ? 0 : (b.forwardMs() - a.forwardMs()) / forwards;
            ms[i][1] = backwards == 0 ? 0 : (b.backwardMs() - a.backwardMs()) / backwards;
            total += ms[i][0] + ms[i][1];
        }
        ArrayNode rows = result.putArray(phase + "_layers");
        if (!json) {
            out.printf(Locale.ROOT, "    %-24s %12s %12s %7s%n", "layer", "forward ms", "backward ms", "share");
        }
        for (int i = 0; i < end.size(); i++) {
            ObjectNode row = rows.addObject();
            row.put("layer", end.get(i).layer());
            row.put("forward_ms", Math.round(ms[i][0] * 1000) / 1000.0);
            row.put("backward_ms", Math.round(ms[i][1] * 1000) / 1000.0);
            if (!json) {
                out.printf(Locale.ROOT, "    %-24s %12.3f %12.3f %6.1f%%%n", end.get(i).layer(), ms[i][0], ms[i][1],
                        total > 0 ? 100 * (ms[i][0] + ms[i][1]) / total : 0);
            }
        }
    }

    private void benchGemm(ObjectNode result, PrintStream out) {
        Kernels k = Kernels.get();
        double peak = fmaPeak();
        if (peak > 0) {
            result.put("fma_peak_gflops", round(peak));
            if (!json) {
                out.printf(Locale.ROOT, "FMA peak (Java, %d threads): %.1f GFLOP/s%n", Parallel.threads(), peak);
            }
        }
        ArrayNode rows = result.putArray("gemm");
        for (int i = 0; i < GEMM_SHAPES.length; i++) {
            int[] s = GEMM_SHAPES[i];
            boolean ta = s[0] == 1;
            boolean tb = s[1] == 1;
            int m = s[2];
            int n = s[3];
            int kk = s[4];
            float[] a = random(new int[] {m * kk}, 3).data();
            float[] b = random(new int[] {kk * n}, 4).data();
            float[] c = new float[m * n];
            int lda = ta ? m : kk;
            int ldb = tb ? kk : n;
            double perCall = 2.0 * m * n * kk;
            double gflops = rate(() -> k.gemm(ta, tb, m, n, kk, a, 0, lda, b, 0, ldb, 0f, c, 0, n), 1) * perCall / 1e9;
            ObjectNode row = rows.addObject();
            row.put("shape", GEMM_NAMES[i]);
            row.put("gflops", round(gflops));
            if (peak > 0) {
                row.put("fraction_of_peak", Math.round(gflops / peak * 1000) / 1000.0);
            }
            if (!json) {
                out.printf(Locale.ROOT, "  %-38s %7.1f GFLOP/s%s%n", GEMM_NAMES[i], gflops,
                        peak > 0 ? String.format(Locale.ROOT, "  (%.0f%% of peak)", 100 * gflops / peak) : "");
            }
        }
    }

    private double fmaPeak() {
        if (!Kernels.get().name().startsWith("vector")) {
            return 0;
        }
        return FmaPeak.measure(Math.min(2, seconds / 3));
    }

    /** How long the last warm-up took (reported as {@code *_warmup_s}). */
    private double lastWarmupSeconds;

    /**
     * Runs {@code work} until the JIT has settled: at least {@link #MIN_WARMUP_SECONDS} (or half the measuring
     * time), then until a second passes in which the JIT spends under {@link #QUIET_JIT_MS} compiling; at most
     * ten times the measuring time and {@link #MAX_WARMUP_SECONDS}. On two busy cores the compiler threads
     * compete with the work, and after a fixed 3 s some kernels still ran as tier-1 code: mnist-cnn trained
     * at ~2300 samples/s measured from 3 s, ~2900 once the JIT had settled (at 8 s).
     */
    private void warmUp(Runnable work) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean watchJit = jit != null && jit.isCompilationTimeMonitoringSupported();
        long start = System.nanoTime();
        long minEnd = start + (long) (Math.max(MIN_WARMUP_SECONDS, seconds / 2) * 1e9);
        long maxEnd = start + (long) (Math.max(MIN_WARMUP_SECONDS, Math.min(MAX_WARMUP_SECONDS, 10 * seconds)) * 1e9);
        long windowStart = start;
        long compiledAtWindowStart = watchJit ? jit.getTotalCompilationTime() : 0;
        int calls = 0;
        while (true) {
            work.run();
            calls++;
            long now = System.nanoTime();
            if (calls < 2 || now < minEnd && now < maxEnd) {
                continue;
            }
            if (!watchJit || now >= maxEnd) {
                break;
            }
            if (now - windowStart >= 1_000_000_000L) {
                long compiled = jit.getTotalCompilationTime();
                if (compiled - compiledAtWindowStart < QUIET_JIT_MS) {
                    break;
                }
                windowStart = now;
                compiledAtWindowStart = compiled;
            }
        }
        lastWarmupSeconds = (System.nanoTime() - start) / 1e9;
    }

    /**
     * Work units per second: a warm-up (the JIT compiles the hot loops), then rounds of about half a
     * second for {@code seconds}; the median round counts.
     */
    private double rate(Runnable work, int unitsPerCall) {
        warmUp(work);
        if (profiled != null) {
            roundsStart = profiled.layerTimes();
        }
        List<Double> rates = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end || rates.size() < 3) {
            long start = System.nanoTime();
            int n = 0;
            do {
                work.run();
                n++;
            } while (System.nanoTime() - start < 500_000_000L);
            rates.add(n * (double) unitsPerCall / ((System.nanoTime() - start) / 1e9));
        }
        return median(rates);
    }

    private double medianLatencyMs(Runnable call) {
        warmUp(call);
        List<Double> times = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end || times.size() < 50) {
            long start = System.nanoTime();
            call.run();
            times.add((System.nanoTime() - start) / 1e6);
        }
        return median(times);
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static Tensor random(int[] shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextDouble();
        }
        return t;
    }

    /** Random labels in the form the preset's loss reads. */
    private static Tensor labels(Model m, int n) {
        int classes = m.outputShape().dim(-1);
        SplittableRandom r = new SplittableRandom(5);
        Tensor y = Tensor.zeros(classes == 1 ? new int[] {n, 1} : new int[] {n});
        for (int i = 0; i < n; i++) {
            y.setFlat(i, classes == 1 ? r.nextInt(2) : r.nextInt(classes));
        }
        return m.loss().name().equals("categorical_crossentropy") ? Utils.toCategorical(y, classes) : y;
    }
}
