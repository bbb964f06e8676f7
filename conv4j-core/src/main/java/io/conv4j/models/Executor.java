package io.conv4j.models;

import io.conv4j.layers.ActivationStage;
import io.conv4j.layers.Context;
import io.conv4j.layers.Layer;
import io.conv4j.layers.LayerCall;
import io.conv4j.layers.Node;
import io.conv4j.layers.Weight;
import io.conv4j.kernels.Kernels;
import io.conv4j.random.Seeds;
import io.conv4j.regularizers.Regularizer;
import io.conv4j.tensor.Shape;
import io.conv4j.tensor.Tensor;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a built graph of layer calls on batches. Every node of the graph is a value with a buffer sized for
 * the largest batch seen, plus a gradient buffer when backward needs one. Each model input has three
 * buffers: {@code fit} alternates between slots 0 and 1 (one is filled on a background thread while the
 * other trains) and everything else uses {@link #OWN_SLOT}, so a callback that predicts in the middle of
 * {@code fit} cannot disturb a batch being loaded. A view layer (Flatten, Reshape) whose
 * input feeds nothing else shares its input's buffers and does no work. Tensors for a batch size are views
 * over the buffers, cached, so a steady training step allocates nothing.
 *
 * <p>Backward runs the calls in reverse. A value read by several calls (a branch) gets the sum of their
 * gradients: the first call to finish writes the gradient buffer, the others write a scratch buffer that is
 * then added, in a fixed order, so results do not depend on timing.
 */
final class Executor {
    /** The input slot of predict, evaluate and train_on_batch. */
    static final int OWN_SLOT = 2;
    private static final int SLOTS = 3;

    private final Layer[] layers;
    private final int[][] stepInputs;
    private final int[][] stepOutputs;
    private final Context[] contexts;
    private final boolean[] aliased;
    private final Shape[] shapes;
    private final int inputCount;
    private final int[] outputValues;
    private final int[] owner;
    private final int[] producer;
    private final int[] readers;
    private final boolean[] isOutput;
    private final Kernels kernels = Kernels.get();

    private final Weight[][] stepWeights;
    private boolean inputGradients;
    private boolean[] plannedTrainable;
    private boolean plannedInputGradients;
    private boolean[] needsGradient;
    private boolean[] runBackward;
    private boolean[][] accumulate;
    private boolean[] unwritten;

    private int capacity;
    private final float[][][] inputBuffers;
    private float[][] valueBuffers;
    private float[][] gradientBuffers;
    private float[][] scratchBuffers;
    private final Views[] cache = new Views[2];
    private int nextCacheSlot;
    private int lastSlot;
    /** Per layer call: passes and nanoseconds, forward and backward; null unless recording. */
    private long[][] times;

    /** Tensors over the buffers for one batch size. */
    private final class Views {
        final int batch;
        final Tensor[][] values = new Tensor[SLOTS][];
        final Tensor[] gradients;
        final Tensor[][][] stepIn = new Tensor[SLOTS][][];
        final Tensor[][] stepOut;
        final Tensor[][] stepDy;
        final Tensor[][] stepDx;
        final Tensor[] scratch;

        Views(int batch) {
            this.batch = batch;
            int n = shapes.length;
            for (int slot = 0; slot < SLOTS; slot++) {
                values[slot] = new Tensor[n];
                for (int v = 0; v < n; v++) {
                    float[] buffer = owner[v] < inputCount ? inputBuffers[slot][owner[v]] : valueBuffers[owner[v]];
                    values[slot][v] = Tensor.wrap(buffer, 0, shapes[v].batch(batch));
                }
            }
            gradients = new Tensor[n];
            scratch = new Tensor[n];
            for (int v = 0; v < n; v++) {
                float[] g = gradientBuffers[owner[v]];
                gradients[v] = g == null ? null : Tensor.wrap(g, 0, shapes[v].batch(batch));
                float[] s = scratchBuffers[owner[v]];
                scratch[v] = s == null ? null : Tensor.wrap(s, 0, shapes[v].batch(batch));
            }
            int steps = layers.length;
            stepOut = new Tensor[steps][];
            stepDy = new Tensor[steps][];
            stepDx = new Tensor[steps][];
            for (int slot = 0; slot < SLOTS; slot++) {
                stepIn[slot] = new Tensor[steps][];
                for (int s = 0; s < steps; s++) {
                    stepIn[slot][s] = pick(values[slot], stepInputs[s]);
                }
            }
            for (int s = 0; s < steps; s++) {
                stepOut[s] = pick(values[0], stepOutputs[s]);
                stepDy[s] = pick(gradients, stepOutputs[s]);
                stepDx[s] = new Tensor[stepInputs[s].length];
                for (int j = 0; j < stepInputs[s].length; j++) {
                    int u = stepInputs[s][j];
                    stepDx[s][j] = !needsGradient[u] ? null : accumulate[s][j] ? scratch[u] : gradients[u];
                }
            }
        }

        private static Tensor[] pick(Tensor[] all, int[] ids) {
            Tensor[] t = new Tensor[ids.length];
            for (int i = 0; i < ids.length; i++) {
                t[i] = all[ids[i]];
            }
            return t;
        }
    }

    /** Plans the buffers for {@code graph}, whose layers are built; random ops derive from {@code seed}. */
    Executor(Graph graph, long seed) {
        Map<Node, Integer> ids = new IdentityHashMap<>();
        List<Node> inputs = graph.inputs();
        for (Node in : inputs) {
            ids.put(in, ids.size());
        }
        this.inputCount = inputs.size();
        List<LayerCall> calls = graph.calls();
        int steps = calls.size();
        this.layers = new Layer[steps];
        this.stepInputs = new int[steps][];
        this.stepOutputs = new int[steps][];
        this.contexts = new Context[steps];
        this.stepWeights = new Weight[steps][];
        for (int s = 0; s < steps; s++) {
            LayerCall call = calls.get(s);
            layers[s] = call.layer();
            stepInputs[s] = call.inputs().stream().mapToInt(ids::get).toArray();
            for (Node out : call.outputs()) {
                ids.put(out, ids.size());
            }
            stepOutputs[s] = call.outputs().stream().mapToInt(ids::get).toArray();
            contexts[s] = new Context(Seeds.derive(seed, "layer", s));
            stepWeights[s] = layers[s].weights().toArray(new Weight[0]);
        }
        int n = ids.size();
        this.shapes = new Shape[n];
        ids.forEach((node, id) -> shapes[id] = node.shape());
        this.outputValues = graph.outputs().stream().mapToInt(ids::get).toArray();
        this.isOutput = new boolean[n];
        for (int v : outputValues) {
            isOutput[v] = true;
        }
        this.readers = new int[n];
        this.producer = new int[n];
        Arrays.fill(producer, -1);
        for (int s = 0; s < steps; s++) {
            for (int u : stepInputs[s]) {
                readers[u]++;
            }
            for (int v : stepOutputs[s]) {
                producer[v] = s;
            }
        }
        this.owner = new int[n];
        this.aliased = new boolean[steps];
        for (int v = 0; v < n; v++) {
            owner[v] = v;
        }
        for (int s = 0; s < steps; s++) {
            if (layers[s].isView() && stepInputs[s].length == 1 && stepOutputs[s].length == 1) {
                int u = stepInputs[s][0];
                // Model inputs alternate between two buffers, so a view of one copies instead.
                if (u >= inputCount && readers[u] == 1 && !isOutput[u]) {
                    owner[stepOutputs[s][0]] = owner[u];
                    aliased[s] = true;
                }
            }
        }
        this.inputBuffers = new float[SLOTS][inputCount][];
        planGradients();
    }

    int inputCount() {
        return inputCount;
    }

    int outputCount() {
        return outputValues.length;
    }

    /** The layer computing model output {@code index}. */
    Layer outputLayer(int index) {
        int s = producer[outputValues[index]];
        return s < 0 ? null : layers[s];
    }

    /** Whether other layers read model output {@code index} too (its gradient then has more than the loss's part). */
    boolean outputIsRead(int index) {
        return readers[outputValues[index]] > 0;
    }

    /** Asks for gradients with respect to the model inputs (a model used as a layer passes them on). */
    void computeInputGradients(boolean value) {
        inputGradients = value;
    }

    /** Tells the layer computing output {@code index} that the loss reads its pre-activation. */
    void setFusedLoss(int index, boolean fused) {
        int s = producer[outputValues[index]];
        if (s >= 0) {
            contexts[s].setFusedLoss(fused);
        }
    }

    /** The pre-activation (logits) the layer computing output {@code index} kept for a fused loss. */
    float[] preActivation(int index) {
        return ActivationStage.preActivation(contexts[producer[outputValues[index]]]);
    }

    /**
     * Decides which values need gradients: those computed from trainable weights (and all of them when the
     * input gradients are wanted), and where branches must add rather than write. Redone when layers are
     * frozen or unfrozen.
     */
    private boolean planGradients() {
        if (plannedTrainable != null && plannedInputGradients == inputGradients && !trainabilityChanged()) {
            return false;
        }
        boolean[] trainable = new boolean[layers.length];
        for (int s = 0; s < layers.length; s++) {
            trainable[s] = hasTrainableWeights(s);
        }
        plannedTrainable = trainable;
        plannedInputGradients = inputGradients;
        int n = shapes.length;
        needsGradient = new boolean[n];
        for (int v = 0; v < inputCount; v++) {
            needsGradient[v] = inputGradients;
        }
        runBackward = new boolean[layers.length];
        for (int s = 0; s < layers.length; s++) {
            boolean needs = trainable[s];
            for (int u : stepInputs[s]) {
                needs |= needsGradient[u];
            }
            for (int v : stepOutputs[s]) {
                needsGradient[v] = needs;
            }
            runBackward[s] = needs && !aliased[s];
        }
        // Backward order: the loss writes the outputs first, then the calls from last to first.
        int[] writes = new int[n];
        for (int v : outputValues) {
            writes[owner[v]]++;
        }
        accumulate = new boolean[layers.length][];
        for (int s = layers.length - 1; s >= 0; s--) {
            accumulate[s] = new boolean[stepInputs[s].length];
            if (!runBackward[s]) {
                continue;
            }
            for (int j = 0; j < stepInputs[s].length; j++) {
                int u = stepInputs[s][j];
                if (needsGradient[u]) {
                    accumulate[s][j] = writes[owner[u]]++ > 0;
                }
            }
        }
        unwritten = new boolean[n];
        for (int v = 0; v < n; v++) {
            unwritten[v] = owner[v] == v && needsGradient[v] && writes[v] == 0;
        }
        return true;
    }

    private boolean hasTrainableWeights(int step) {
        for (Weight w : stepWeights[step]) {
            if (w.trainable()) {
                return true;
            }
        }
        return false;
    }

    /** Checked every step without allocating: has a layer been frozen or unfrozen since the plan? */
    private boolean trainabilityChanged() {
        for (int s = 0; s < layers.length; s++) {
            if (plannedTrainable[s] != hasTrainableWeights(s)) {
                return true;
            }
        }
        return false;
    }

    /** Makes room for {@code batch} samples; allocation happens only when the batch grows or the plan changes. */
    void ensureCapacity(int batch) {
        if (batch <= capacity) {
            return;
        }
        capacity = batch;
        int n = shapes.length;
        for (int slot = 0; slot < SLOTS; slot++) {
            for (int i = 0; i < inputCount; i++) {
                // Keep what is there: a batch may already be loaded into it.
                float[] old = inputBuffers[slot][i];
                inputBuffers[slot][i] = old == null ? new float[shapes[i].size() * batch]
                        : Arrays.copyOf(old, shapes[i].size() * batch);
            }
        }
        valueBuffers = new float[n][];
        for (int v = inputCount; v < n; v++) {
            if (owner[v] == v) {
                valueBuffers[v] = new float[shapes[v].size() * batch];
            }
        }
        gradientBuffers = new float[n][];
        scratchBuffers = new float[n][];
        allocateGradients();
    }

    private void allocateGradients() {
        for (int v = 0; v < shapes.length; v++) {
            int o = owner[v];
            if (needsGradient[v] && gradientBuffers[o] == null) {
                gradientBuffers[o] = new float[shapes[o].size() * capacity];
            }
        }
        for (int s = 0; s < layers.length; s++) {
            for (int j = 0; j < stepInputs[s].length; j++) {
                int o = owner[stepInputs[s][j]];
                if (accumulate[s][j] && scratchBuffers[o] == null) {
                    scratchBuffers[o] = new float[shapes[o].size() * capacity];
                }
            }
        }
        Arrays.fill(cache, null);
    }

    private Views views(int batch) {
        ensureCapacity(batch);
        for (Views v : cache) {
            if (v != null && v.batch == batch) {
                return v;
            }
        }
        Views v = new Views(batch);
        cache[nextCacheSlot] = v;
        nextCacheSlot = (nextCacheSlot + 1) % cache.length;
        return v;
    }

    /** Buffer {@code slot} (0, 1 or {@link #OWN_SLOT}) of model input {@code index} for {@code batch} samples; fill it before {@link #forward}. */
    Tensor input(int index, int batch, int slot) {
        return views(batch).values[slot][index];
    }

    /** Model output {@code index} of the last forward pass with {@code batch} samples. */
    Tensor output(int index, int batch) {
        return views(batch).values[0][outputValues[index]];
    }

    /** The gradient buffer of model output {@code index}, which the loss writes before {@link #backward}; null if not needed. */
    Tensor outputGradient(int index, int batch) {
        return views(batch).gradients[outputValues[index]];
    }

    /** The gradient with respect to model input {@code index} after {@link #backward}, when asked for. */
    Tensor inputGradient(int index, int batch) {
        return views(batch).gradients[index];
    }

    /** Whether backward has anything to do (some output depends on trainable weights or input gradients are wanted). */
    boolean needsBackward() {
        if (planGradients()) {
            allocateGradientsIfSized();
        }
        for (int v : outputValues) {
            if (needsGradient[v]) {
                return true;
            }
        }
        return false;
    }

    private void allocateGradientsIfSized() {
        if (capacity > 0) {
            allocateGradients();
        }
    }

    /**
     * Runs every layer call on the inputs in buffer {@code slot}. Returns the activity-regularization loss
     * (each penalty divided by the batch size, as tf.keras does).
     */
    double forward(int batch, int slot, boolean training, long step) {
        Views v = views(batch);
        lastSlot = slot;
        double activityLoss = 0;
        Tensor[][] in = v.stepIn[slot];
        for (int s = 0; s < layers.length; s++) {
            if (aliased[s]) {
                continue;
            }
            Context ctx = contexts[s];
            ctx.setTraining(training);
            ctx.setStep(step);
            long start = times == null ? 0 : System.nanoTime();
            layers[s].forward(in[s], v.stepOut[s], ctx);
            if (times != null) {
                record(s, 0, start);
            }
            Regularizer activity = layers[s].activityRegularizer();
            if (activity != null) {
                for (Tensor y : v.stepOut[s]) {
                    activityLoss += activity.loss(y.data(), y.offset(), y.size()) / batch;
                }
            }
        }
        return activityLoss;
    }

    /** Backpropagates the output gradients (written by the loss) through every call that needs it. */
    void backward(int batch) {
        if (planGradients()) {
            allocateGradients();
        }
        Views v = views(batch);
        for (int u = 0; u < unwritten.length; u++) {
            if (unwritten[u]) {
                v.gradients[u].fill(0f);
            }
        }
        Tensor[][] in = v.stepIn[lastSlot];
        for (int s = layers.length - 1; s >= 0; s--) {
            if (!runBackward[s]) {
                continue;
            }
            Regularizer activity = layers[s].activityRegularizer();
            if (activity != null) {
                for (int k = 0; k < stepOutputs[s].length; k++) {
                    Tensor y = v.stepOut[s][k];
                    Tensor dy = v.stepDy[s][k];
                    activity.addGradient(y.data(), y.offset(), dy.data(), dy.offset(), y.size(), 1f / batch);
                }
            }
            long start = times == null ? 0 : System.nanoTime();
            layers[s].backward(in[s], v.stepOut[s], v.stepDy[s], v.stepDx[s], contexts[s]);
            if (times != null) {
                record(s, 2, start);
            }
            for (int j = 0; j < stepInputs[s].length; j++) {
                if (accumulate[s][j]) {
                    Tensor part = v.stepDx[s][j];
                    Tensor total = v.gradients[stepInputs[s][j]];
                    kernels.add(part.data(), part.offset(), total.data(), total.offset(), part.size());
                }
            }
        }
    }

    private void record(int step, int pass, long start) {
        times[step][pass + 1] += System.nanoTime() - start;
        times[step][pass]++;
    }

    /** Starts (from zero) or stops recording the time each layer call takes. */
    void recordTimes(boolean on) {
        times = on ? new long[layers.length][4] : null;
    }

    /** The time each layer call took since recording started (all zero when not recording). */
    List<LayerTime> layerTimes() {
        LayerTime[] result = new LayerTime[layers.length];
        for (int s = 0; s < layers.length; s++) {
            long[] t = times == null ? new long[4] : times[s];
            result[s] = new LayerTime(layers[s].name(), t[0], t[1] / 1e6, t[2], t[3] / 1e6);
        }
        return List.of(result);
    }
}
