package io.conv4j.models;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conv4j.backend.Backend;
import io.conv4j.layers.Context;
import io.conv4j.layers.Layer;
import io.conv4j.layers.LayerCall;
import io.conv4j.layers.Node;
import io.conv4j.layers.Weight;
import io.conv4j.losses.Loss;
import io.conv4j.losses.Losses;
import io.conv4j.optimizers.Optimizer;
import io.conv4j.optimizers.Optimizers;
import io.conv4j.random.Seeds;
import io.conv4j.tensor.Shape;
import io.conv4j.tensor.Tensor;
import io.conv4j.utils.Sequence;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A Keras model: layers wired from input nodes to output nodes, trained with {@code compile} and
 * {@code fit}, used with {@code evaluate} and {@code predict}. The functional API builds one from nodes:
 *
 * <pre>{@code
 * Input in = Input.shape(28, 28, 1);
 * Node x = new Conv2D(32, 3, "relu").apply(in);
 * Node out = new Dense(10, "softmax").apply(new Flatten().apply(x));
 * Model model = new Model(in, out);
 * }</pre>
 *
 * A model is itself a layer: calling it on a node ({@code base.apply(x)}) uses it inside another model,
 * sharing its weights. Not thread-safe: one model trains or predicts on one thread at a time (the kernels
 * themselves use all cores).
 *
 * <p>Everything random derives from the model seed ({@link #seed(long)}): weight initialisation, shuffling
 * and dropout masks each use their own stream, so the same seed gives the same run.
 */
public class Model extends Layer {
    private Graph graph;
    private Long seed;
    private Executor executor;
    private boolean recordingLayerTimes;
    private Objective objective;
    private boolean optimizerBuilt;
    private boolean stopTraining;
    private int epoch;
    private List<String> classNames = List.of();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** A model whose graph a subclass supplies ({@link Sequential}). */
    protected Model(String name) {
        super(name);
    }

    /** A model from one input node to one output node. */
    public Model(Node input, Node output) {
        this(List.of(input), List.of(output));
    }

    /** A model with several inputs and outputs, named {@code model}, {@code model_1}, ... */
    public Model(List<? extends Node> inputs, List<? extends Node> outputs) {
        this(inputs, outputs, null);
    }

    /**
     * A model with several inputs and outputs and the given name.
     *
     * @throws IllegalArgumentException when the outputs cannot be computed from the inputs alone
     */
    public Model(List<? extends Node> inputs, List<? extends Node> outputs, String name) {
        super(name != null ? name : Backend.uniqueName("model"));
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node out : outputs) {
            if (out != null && !seen.add(out)) {
                throw new IllegalArgumentException("model '" + name() + "' lists output " + out + " twice");
            }
        }
        this.graph = Graph.of(inputs, outputs, name());
    }

    /** Keras's class name: {@code Functional} for a model built from nodes. */
    @Override
    public String className() {
        return "Functional";
    }

    @Override
    public Model name(String value) {
        super.name(value);
        return this;
    }

    /** The layers in Keras's order: input layers first, then by depth. */
    public List<Layer> layers() {
        return graph().layers();
    }

    /**
     * Starts (from zero) or stops recording where the time goes, per layer call ({@link #layerTimes()};
     * {@code conv4j bench --profile}). Off by default: it costs two clock reads per layer and pass.
     */
    public void recordLayerTimes(boolean on) {
        recordingLayerTimes = on;
        if (executor != null) {
            executor.recordTimes(on);
        }
    }

    /** Per layer call since recording started: the forward and backward passes run and their total wall time. */
    public List<LayerTime> layerTimes() {
        requireBuilt();
        return executor.layerTimes();
    }

    /** The wiring; a Sequential makes it once its input shape is known. */
    Graph graph() {
        return graph;
    }

    /** Lets a Sequential install (or drop, with null) the graph of its current layers. */
    void graph(Graph value) {
        this.graph = value;
    }

    /** The model's input nodes, as Keras's {@code model.inputs}. */
    @Override
    public List<Node> inputs() {
        requireGraph();
        return graph().inputs();
    }

    /** The model's output nodes, as Keras's {@code model.outputs}. */
    @Override
    public List<Node> outputs() {
        requireGraph();
        return graph().outputs();
    }

    /** The only input node. */
    @Override
    public Node input() {
        return only(inputs(), "inputs");
    }

    /** The only output node. */
    @Override
    public Node output() {
        return only(outputs(), "outputs");
    }

    private Node only(List<Node> nodes, String what) {
        if (nodes.size() != 1) {
            throw new IllegalStateException("model '" + name() + "' has " + nodes.size() + " " + what + ": use " + what + "()");
        }
        return nodes.get(0);
    }

    private void requireGraph() {
        if (graph() == null) {
            buildIfShapeKnown();
        }
        if (graph() == null) {
            throw notBuilt();
        }
    }

    /** The names of the output layers, as Keras's {@code model.output_names}. */
    public List<String> outputNames() {
        return outputs().stream().map(n -> n.layer().name()).toList();
    }

    /** The layer named {@code layerName}. */
    public Layer getLayer(String layerName) {
        for (Layer l : layers()) {
            if (l.name().equals(layerName)) {
                return l;
            }
        }
        List<String> names = layers().stream().map(Layer::name).toList();
        throw new IllegalArgumentException("no layer named '" + layerName + "' in model '" + name() + "'; it has " + names);
    }

    /** The layer at {@code index}. */
    public Layer getLayer(int index) {
        List<Layer> ls = layers();
        if (index < 0 || index >= ls.size()) {
            throw new IllegalArgumentException("layer index " + index + " is out of range: model '" + name() + "' has "
                    + ls.size() + " layers");
        }
        return ls.get(index);
    }

    /**
     * Fixes the seed of everything random in this model. Call before the model is built (before the first
     * {@code fit}, {@code predict} or {@code summary} of a model with a known input shape).
     */
    public Model seed(long value) {
        if (isBuilt()) {
            throw new IllegalStateException("model '" + name() + "' is already built; set the seed before building it");
        }
        this.seed = value;
        return this;
    }

    /** The seed, drawing one (from {@link io.conv4j.utils.Utils#setRandomSeed} if set) on first use. */
    public long seed() {
        if (seed == null) {
            seed = Seeds.nextSeed();
        }
        return seed;
    }

    /** Epochs trained so far; {@code fit} continues from here with {@code Fit.initialEpoch(model.epoch())}. */
    public int epoch() {
        return epoch;
    }

    void epoch(int value) {
        this.epoch = value;
    }

    /** The names of the output classes, saved with the model so predictions can name them; empty if unknown. */
    public List<String> classNames() {
        return classNames;
    }

    public Model classNames(List<String> names) {
        this.classNames = List.copyOf(names);
        return this;
    }

    /**
     * Free-form string properties saved with the model, for example the input scaling the CLI applied
     * ({@code rescale}). Mutable.
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Saves the architecture, weights, compile settings, optimizer state and training progress, atomically, as
     * Keras's {@code model.save}: a {@code .keras} file (Keras 3's format, the default) or a {@code .h5} /
     * {@code .hdf5} file (Keras 2's format). {@link Models#load} reads either back, and so does Keras.
     */
    public void save(Path path) throws IOException {
        ModelFiles.save(this, path);
    }

    /**
     * Saves only the weight values, as Keras's {@code save_weights}: {@code .weights.h5} is Keras 3's layout,
     * {@code .h5} / {@code .hdf5} Keras 2's (the layout of the Keras applications' weight files).
     */
    public void saveWeights(Path path) throws IOException {
        ModelFiles.saveWeights(this, path);
    }

    /**
     * Loads weight values into this model, as Keras's {@code load_weights}: from a weights file of either
     * layout, or from the weights of a full-model .h5 or .keras file. Layers are matched by position among
     * those with weights (Keras 2 layout) or by name (Keras 3 layout).
     */
    public void loadWeights(Path path) throws IOException {
        ModelFiles.loadWeights(this, path, false, false);
    }

    /**
     * {@code load_weights(path, by_name=..., skip_mismatch=...)}: with {@code byName} only the layers whose
     * names appear in the file are loaded; with {@code skipMismatch} a layer whose saved weights do not fit
     * is skipped with a warning instead of failing.
     */
    public void loadWeights(Path path, boolean byName, boolean skipMismatch) throws IOException {
        ModelFiles.loadWeights(this, path, byName, skipMismatch);
    }

    // ----- building -----

    /**
     * The input shape of one sample (of the first input): declared (the model is then built on first use)
     * or taken from the first data seen; null while unknown.
     */
    public Shape inputShape() {
        if (!isBuilt()) {
            buildIfShapeKnown();
        }
        return isBuilt() ? inputShapeBuilt() : null;
    }

    @Override
    public Shape outputShape() {
        requireBuilt();
        return super.outputShape();
    }

    @Override
    public boolean isBuilt() {
        return executor != null;
    }

    /** Builds every layer for {@code input}; weights are initialised from the model seed. */
    @Override
    public Shape build(Shape input) {
        return build(List.of(input), null).get(0);
    }

    /**
     * Builds every layer for these input shapes. A model built on its own initialises weights from its seed;
     * inside another model, from that model's {@code random} stream. Layers already built keep their weights.
     */
    @Override
    public List<Shape> build(List<Shape> inputShapes, RandomGenerator random) {
        if (isBuilt()) {
            if (!inputShapes.equals(inputShapesBuilt())) {
                throw new IllegalArgumentException("model '" + name() + "' was built for input shape "
                        + describe(inputShapesBuilt()) + " and cannot take " + describe(inputShapes));
            }
            return outputShapes();
        }
        Graph g = graphFor(inputShapes);
        long initSeed = random == null ? seed() : random.nextLong();
        Map<Layer, LayerCall> firstCall = new IdentityHashMap<>();
        for (LayerCall call : g.calls()) {
            firstCall.putIfAbsent(call.layer(), call);
        }
        List<Layer> ls = layers();
        for (int i = 0; i < ls.size(); i++) {
            Layer layer = ls.get(i);
            LayerCall call = firstCall.get(layer);
            List<Shape> shapes = call != null ? call.inputs().stream().map(Node::shape).toList()
                    : List.of(layer.calls().get(0).outputs().get(0).shape());
            layer.build(shapes, Seeds.stream(initSeed, "init", i));
        }
        markBuilt(inputShapes, g.outputs().stream().map(Node::shape).toList());
        this.executor = new Executor(g, seed());
        executor.recordTimes(recordingLayerTimes);
        this.optimizerBuilt = false;
        attachObjective();
        return outputShapes();
    }

    private static String describe(List<Shape> shapes) {
        return shapes.size() == 1 ? shapes.get(0).withBatch() : shapes.stream().map(Shape::withBatch).toList().toString();
    }

    /** The graph for these input shapes; a functional model's shapes are fixed by its inputs. */
    Graph graphFor(List<Shape> inputShapes) {
        List<Shape> expected = graph.inputs().stream().map(Node::shape).toList();
        if (!expected.equals(inputShapes)) {
            throw new IllegalArgumentException("Input of model \"" + name() + "\" is incompatible: expected shape="
                    + describe(expected) + ", found shape=" + describe(inputShapes));
        }
        return graph;
    }

    @Override
    protected Shape computeOutputShape(Shape input) {
        return computeOutputShapes(List.of(input)).get(0);
    }

    /** As a layer: the output shapes for these inputs (which must be the model's own input shapes). */
    @Override
    protected List<Shape> computeOutputShapes(List<Shape> inputShapes) {
        return graphFor(inputShapes).outputs().stream().map(Node::shape).toList();
    }

    /** Builds now if the input shape is known (declared on the first layer or by an Input). */
    protected final void buildIfShapeKnown() {
        List<Shape> declared = declaredInputShapes();
        if (!isBuilt() && declared != null) {
            build(declared, null);
        }
    }

    /** The shape of the first input, if fixed before any data is seen; null otherwise. */
    @Override
    public Shape declaredInputShape() {
        List<Shape> declared = declaredInputShapes();
        return declared == null ? null : declared.get(0);
    }

    /** The input shapes fixed before any data is seen, or null. */
    protected List<Shape> declaredInputShapes() {
        return graph.inputs().stream().map(Node::shape).toList();
    }

    /** Forgets the runtime (after layers change); the next use rebuilds it. */
    protected final void invalidate() {
        this.executor = null;
        markUnbuilt();
    }

    protected final void requireBuilt() {
        if (!isBuilt()) {
            buildIfShapeKnown();
        }
        if (!isBuilt()) {
            throw notBuilt();
        }
    }

    private IllegalStateException notBuilt() {
        return new IllegalStateException("model '" + name() + "' has not yet been built: give the first layer an input shape "
                + "(Input.shape(...) or .inputShape(...)), call build(), or call fit/predict on data first");
    }

    // ----- weights -----

    /** All weights, each once, layer by layer in {@link #layers()} order (kernel before bias), as Keras 3's {@code model.weights}. */
    @Override
    public List<Weight> weights() {
        requireBuilt();
        List<Weight> all = new ArrayList<>();
        Set<Weight> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Layer l : layers()) {
            for (Weight w : l.weights()) {
                if (seen.add(w)) {
                    all.add(w);
                }
            }
        }
        return all;
    }

    /** The weights optimizers update: those of trainable layers. */
    public List<Weight> trainableWeights() {
        return weights().stream().filter(Weight::trainable).toList();
    }

    /** The weights of frozen layers. */
    public List<Weight> nonTrainableWeights() {
        return weights().stream().filter(w -> !w.trainable()).toList();
    }

    /** Total number of weights, trainable or not. */
    @Override
    public long countParams() {
        long n = 0;
        for (Weight w : weights()) {
            n += w.size();
        }
        return n;
    }

    /**
     * Freezes ({@code false}) or unfreezes every layer of the model, as Keras's {@code model.trainable = False}.
     * Call {@code compile} again afterwards so the optimizer sees the change.
     */
    @Override
    public Model trainable(boolean value) {
        super.trainable(value);
        for (Layer l : layers()) {
            l.trainable(value);
        }
        return this;
    }

    /** Copies of all weight values, in {@link #weights()} order (Keras's {@code get_weights()}). */
    public List<Tensor> getWeights() {
        return weights().stream().map(w -> w.value().copy()).toList();
    }

    /** Sets all weight values from a list in {@code get_weights()} order; shapes must match exactly. */
    public void setWeights(List<Tensor> values) {
        List<Weight> ws = weights();
        if (values.size() != ws.size()) {
            throw new IllegalArgumentException("model '" + name() + "' has " + ws.size() + " weights, got " + values.size());
        }
        for (int i = 0; i < ws.size(); i++) {
            if (!Arrays.equals(ws.get(i).shape(), values.get(i).shape())) {
                throw new IllegalArgumentException("weight " + ws.get(i).path() + " has shape " + Shape.format(ws.get(i).shape())
                        + ", got " + Shape.format(values.get(i).shape()));
            }
        }
        for (int i = 0; i < ws.size(); i++) {
            ws.get(i).value().copyFrom(values.get(i));
        }
    }

    // ----- summary and config -----

    /** Prints the Keras summary table to standard output. */
    public void summary() {
        summary(System.out);
    }

    public void summary(PrintStream out) {
        out.println(summaryString());
        out.flush();
    }

    /** The Keras summary table as text, lines separated by {@code \n}. */
    public String summaryString() {
        requireBuilt();
        return String.join("\n", Summary.lines(this));
    }

    /** The model as Keras's {@code model.to_json()} writes it. */
    public String toJson() {
        return ModelConfigs.toJson(this);
    }

    /** The Keras config of the model (the {@code config} of {@link #toJson()}). */
    @Override
    public ObjectNode config() {
        return ModelConfigs.config(this);
    }

    // ----- compile -----

    /** {@code compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])}. */
    public void compile(String optimizerName, String lossName, String... metrics) {
        compile(Optimizers.get(optimizerName), Losses.get(lossName), metrics);
    }

    public void compile(Optimizer optimizerObject, String lossName, String... metrics) {
        compile(optimizerObject, Losses.get(lossName), metrics);
    }

    public void compile(String optimizerName, Loss lossObject, String... metrics) {
        compile(Optimizers.get(optimizerName), lossObject, metrics);
    }

    /** One loss for every output (Keras's behaviour when a single loss is given), and the metrics of each. */
    public void compile(Optimizer optimizerObject, Loss lossObject, String... metrics) {
        if (lossObject == null) {
            throw new IllegalArgumentException("compile needs an optimizer and a loss");
        }
        compile(optimizerObject, List.of(lossObject), null, metrics);
    }

    /**
     * Compiles a model with several outputs: one loss per output (or one for all) and optional
     * {@code loss_weights}; the training loss is the weighted sum, as in Keras.
     */
    public void compile(Optimizer optimizerObject, List<Loss> lossList, List<Double> weights, String... metrics) {
        this.objective = new Objective(optimizerObject, lossList, weights, List.of(metrics));
        this.optimizerBuilt = false;
        attachObjective();
    }

    public Optimizer optimizer() {
        return objective == null ? null : objective.optimizer();
    }

    /** The loss (of the first output when there are several); null before compile. */
    public Loss loss() {
        return objective == null ? null : objective.losses().get(0);
    }

    /** The losses as given to compile: one, or one per output. */
    public List<Loss> losses() {
        return objective == null ? List.of() : objective.losses();
    }

    /** The {@code loss_weights} given to compile, or null when all are 1. */
    double[] lossWeights() {
        return objective == null ? null : objective.lossWeights();
    }

    /** The metric names given to {@code compile}. */
    public List<String> metricNames() {
        return objective == null ? List.of() : objective.metricNames();
    }

    public boolean isCompiled() {
        return objective != null;
    }

    private void requireCompiled(String what) {
        if (!isCompiled()) {
            throw new IllegalStateException("model '" + name() + "' must be compiled before " + what
                    + ": call compile(optimizer, loss, metrics...)");
        }
    }

    /** Connects the compiled objective to the built model (loss fusion, penalties). */
    private void attachObjective() {
        if (executor != null && objective != null) {
            objective.attach(executor, weights(), name());
        }
    }

    // ----- training -----

    /** Asks {@code fit} to stop after the current batch (callbacks use it, as Keras's {@code model.stop_training}). */
    public void stopTraining(boolean value) {
        this.stopTraining = value;
    }

    public boolean stopTraining() {
        return stopTraining;
    }

    /** {@code fit(x, y)} with Keras's defaults: one epoch, batch size 32, a progress bar. */
    public History fit(Tensor x, Tensor y) {
        return fit(x, y, new Fit());
    }

    /**
     * Trains on {@code x} and labels {@code y} (sparse class indices, one-hot rows or targets, matching the
     * loss). Returns the per-epoch history of the loss and metrics.
     *
     * @throws IllegalArgumentException with a clear message for empty data, mismatched shapes, NaN inputs
     *                                  or labels the loss cannot take
     */
    public History fit(Tensor x, Tensor y, Fit options) {
        return fit(List.of(x), List.of(y), options);
    }

    /** Trains a model with several inputs or outputs: one tensor per input, one label tensor per output. */
    public History fit(List<Tensor> x, List<Tensor> y, Fit options) {
        requireCompiled("fit");
        Data train = Data.of("", x, y);
        Data validation = null;
        if (options.validationX() != null) {
            validation = Data.of("validation ", options.validationX(), options.validationY());
        } else if (options.validationSplit() > 0) {
            int split = (int) (train.size() * (1 - options.validationSplit()));
            if (split == 0 || split == train.size()) {
                throw new IllegalArgumentException("validation_split " + options.validationSplit() + " of " + train.size()
                        + " samples leaves an empty training or validation set");
            }
            validation = train.slice(split, train.size()).named("validation ");
            train = train.slice(0, split);
        }
        prepare(train.x());
        checkData(train);
        if (validation != null) {
            checkData(validation);
        }
        Feed validationFeed = validation != null ? new TensorFeed(validation, options.batchSize(), false, this)
                : options.validationSequence() != null ? validationFeed(options) : null;
        try (Feed feed = new TensorFeed(train, options.batchSize(), options.shuffle(), this); Feed v = validationFeed) {
            return new Trainer(this, options).run(feed, scores(feed.labelShapes()), validator(v, options));
        }
    }

    /**
     * Trains on batches a {@link Sequence} makes as they are needed (Keras's {@code fit(generator)}), such
     * as images decoded and augmented from a folder: {@code Fit.workers} threads prepare up to
     * {@code Fit.maxQueueSize} batches ahead. The sequence decides the batch size and its own shuffling;
     * {@code Fit.stepsPerEpoch} uses only the first batches of each epoch.
     */
    public History fit(Sequence train, Fit options) {
        requireCompiled("fit");
        if (options.validationX() != null || options.validationSplit() > 0) {
            throw new IllegalArgumentException("fit(Sequence) takes its validation data as a Sequence: "
                    + "Fit.validationData(sequence); for a held-out part use the sequence's own validation split");
        }
        prepare(train, "");
        try (Feed feed = sequenceFeed(train, options.stepsPerEpoch(), options);
             Feed v = options.validationSequence() != null ? validationFeed(options) : null) {
            return new Trainer(this, options).run(feed, scores(train.labelShapes()), validator(v, options));
        }
    }

    private Feed validationFeed(Fit options) {
        Sequence v = options.validationSequence();
        prepare(v, "validation ");
        return sequenceFeed(v, options.validationSteps(), options);
    }

    /** Scores the validation feed at the end of an epoch; null without validation data. */
    private Supplier<Map<String, Double>> validator(Feed validation, Fit options) {
        if (validation == null) {
            return null;
        }
        return () -> Inference.evaluate(executor, objective, scores(validation.labelShapes()), validation,
                new ProgressBar(options.output(), validation.steps(), 0, false));
    }

    /** Checks a sequence against the model (building it from the sequence's shapes if needed). */
    private void prepare(Sequence data, String what) {
        if (data.size() == 0) {
            throw new IllegalArgumentException(what + "data is empty: it has 0 samples");
        }
        prepare(data.inputShapes());
        List<Shape> expected = inputShapesBuilt();
        if (!expected.equals(data.inputShapes())) {
            throw new IllegalArgumentException("Input of model \"" + name() + "\" is incompatible: expected shape="
                    + expected.stream().map(Shape::withBatch).toList() + ", found " + what + "samples of shape="
                    + data.inputShapes().stream().map(Shape::withBatch).toList());
        }
        if (isCompiled() && !data.labelShapes().isEmpty()) {
            List<String> names = new ArrayList<>();
            for (int o = 0; o < data.labelShapes().size(); o++) {
                names.add(what + "y" + (data.labelShapes().size() > 1 ? "[" + o + "]" : ""));
            }
            objective.checkLabelShapes(data.labelShapes(), names, what + "y", outputShapes(), name());
        }
    }

    /** A feed over {@code data} whose batches are checked (finite inputs, valid labels) as they are made. */
    private Feed sequenceFeed(Sequence data, int stepsLimit, Fit options) {
        int steps = stepsLimit > 0 ? Math.min(stepsLimit, data.steps()) : data.steps();
        List<Shape> outputs = outputShapes();
        return new SequenceFeed(data, steps, options.workers(), options.maxQueueSize(), batch -> {
            for (int i = 0; i < batch.x().length; i++) {
                int bad = batch.x()[i].firstNonFinite();
                if (bad >= 0) {
                    throw new IllegalArgumentException("batch " + batch.index() + " contains " + batch.x()[i].getFlat(bad)
                            + " in sample " + bad / batch.x()[i].stride0() + "; inputs must be finite numbers");
                }
            }
            if (objective != null && batch.y().length > 0) {
                objective.validateLabels(batch.y(), outputs);
            }
        });
    }

    /** Validates inputs and labels against the model, the losses and the metrics. */
    private void checkData(Data data) {
        data.checkInputs(name(), inputShapesBuilt());
        objective.checkLabels(data, outputShapes(), name());
    }

    /** Builds on first use from the data's shape, then readies the optimizer. */
    private void prepare(Tensor[] x) {
        List<Shape> shapes = new ArrayList<>();
        for (Tensor t : x) {
            if (t.rank() < 2) {
                throw new IllegalArgumentException("x must have a batch dimension; found shape " + Shape.format(t.shape()));
            }
            shapes.add(Shape.of(Arrays.copyOfRange(t.shape(), 1, t.rank())));
        }
        prepare(shapes);
    }

    /** Builds on first use for these sample shapes (unless declared), then readies the optimizer. */
    private void prepare(List<Shape> sampleShapes) {
        if (!isBuilt()) {
            buildIfShapeKnown();
        }
        if (!isBuilt()) {
            build(sampleShapes, null);
        }
        if (isCompiled()) {
            List<Weight> trainable = trainableWeights();
            // Freezing or unfreezing layers takes effect at the next fit, with fresh optimizer state for the
            // new set of weights, as recompiling does in Keras.
            if (!optimizerBuilt || !sameWeights(objective.optimizer().weights(), trainable)) {
                attachObjective();
                objective.optimizer().build(trainable);
                optimizerBuilt = true;
            }
        }
    }

    private static boolean sameWeights(List<Weight> a, List<Weight> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** Fresh running scores for labels of these per-sample shapes. */
    Scores scores(List<Shape> labelShapes) {
        return objective.scores(labelShapes, outputShapes(), outputNames());
    }

    /**
     * Trains on one batch (Keras's {@code train_on_batch}) and returns the batch's loss and metrics. After
     * the first call, a call with the same batch size allocates almost nothing.
     */
    public Map<String, Double> trainOnBatch(Tensor x, Tensor y) {
        return trainOnBatch(List.of(x), List.of(y));
    }

    public Map<String, Double> trainOnBatch(List<Tensor> x, List<Tensor> y) {
        requireCompiled("train_on_batch");
        Data data = Data.of("", x, y);
        prepare(data.x());
        checkData(data);
        int n = data.size();
        for (int i = 0; i < data.x().length; i++) {
            BatchBuffer.gather(data.x()[i], null, 0, n, executor.input(i, n, Executor.OWN_SLOT));
        }
        Scores scores = scores(labelShapes(data));
        double value = trainStep(n, Executor.OWN_SLOT, data.y());
        scores.add(n, value, objective.outputLosses(), outputs(n), data.y());
        return scores.logs();
    }

    /** A training step on the batch in input slot {@code slot}. Returns the loss including penalties. */
    double trainStep(int n, int slot, Tensor[] labels) {
        double value = computeGradients(n, slot, labels);
        if (executor.needsBackward()) {
            objective.optimizer().apply();
        }
        return value;
    }

    /**
     * Forward in training mode, the loss, and backward: leaves the gradient of the returned loss
     * (penalties included) in every trainable weight's gradient buffer.
     */
    double computeGradients(int n, int slot, Tensor[] labels) {
        Optimizer optimizer = objective.optimizer();
        double activity = executor.forward(n, slot, true, optimizer.iterations());
        boolean backward = executor.needsBackward();
        List<Weight> trainable = optimizer.weights();
        for (int i = 0, size = trainable.size(); i < size; i++) {
            trainable.get(i).gradient().fill(0f);
        }
        double value = objective.loss(executor, n, labels, backward) + activity + objective.weightPenalty();
        if (backward) {
            executor.backward(n);
            objective.addPenaltyGradients();
        }
        return value;
    }

    /** The outputs of the last forward pass with {@code n} samples (a fresh array). */
    private Tensor[] outputs(int n) {
        Tensor[] out = new Tensor[executor.outputCount()];
        for (int o = 0; o < out.length; o++) {
            out[o] = executor.output(o, n);
        }
        return out;
    }

    // ----- evaluation and prediction -----

    /** {@code evaluate(x, y)} with batch size 32 and a progress bar; returns loss then metrics by name. */
    public Map<String, Double> evaluate(Tensor x, Tensor y) {
        return evaluate(x, y, 32, 1);
    }

    /**
     * The loss (with regularization penalties) and metrics on {@code x} and {@code y}, in inference mode.
     * With {@code verbose} 1 or 2 prints Keras's line, e.g.
     * {@code 313/313 [==============================] - 1s 3ms/step - loss: 0.2529 - accuracy: 0.9108}.
     */
    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize, int verbose) {
        return evaluate(x, y, batchSize, verbose, System.out);
    }

    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize, int verbose, PrintStream out) {
        return evaluate(List.of(x), List.of(y), batchSize, verbose, out);
    }

    /** Evaluates a model with several inputs or outputs. */
    public Map<String, Double> evaluate(List<Tensor> x, List<Tensor> y, int batchSize, int verbose, PrintStream out) {
        requireCompiled("evaluate");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be at least 1, got " + batchSize);
        }
        Data data = Data.of("", x, y);
        prepare(data.x());
        checkData(data);
        return evaluateChecked(data, batchSize, verbose, out);
    }

    Map<String, Double> evaluateChecked(Data data, int batchSize, int verbose, PrintStream out) {
        try (TensorFeed feed = new TensorFeed(data, batchSize, false, this)) {
            ProgressBar bar = new ProgressBar(out, feed.steps(), verbose, ProgressBar.terminal(out));
            return Inference.evaluate(executor, objective, scores(feed.labelShapes()), feed, bar);
        }
    }

    /** Evaluates on the batches of a {@link Sequence}, with a progress bar on standard output. */
    public Map<String, Double> evaluate(Sequence data) {
        return evaluate(data, 1, System.out);
    }

    /** Evaluates on the batches of a {@link Sequence}, prepared on a background thread. */
    public Map<String, Double> evaluate(Sequence data, int verbose, PrintStream out) {
        requireCompiled("evaluate");
        if (data.labelShapes().isEmpty()) {
            throw new IllegalArgumentException("evaluate needs labelled data; the sequence has no labels");
        }
        prepare(data, "");
        try (Feed feed = sequenceFeed(data, 0, new Fit())) {
            ProgressBar bar = new ProgressBar(out, feed.steps(), verbose, ProgressBar.terminal(out));
            return Inference.evaluate(executor, objective, scores(data.labelShapes()), feed, bar);
        }
    }

    private static List<Shape> labelShapes(Data data) {
        List<Shape> shapes = new ArrayList<>();
        for (int o = 0; o < data.y().length; o++) {
            shapes.add(data.labelShape(o));
        }
        return shapes;
    }

    /**
     * The outputs for every sample of a {@link Sequence} (its labels, if any, are not used), one tensor per
     * output, in the sequence's order.
     */
    public List<Tensor> predict(Sequence x) {
        prepare(x, "");
        int n = x.size();
        List<Tensor> results = new ArrayList<>();
        for (Shape s : outputShapes()) {
            results.add(Tensor.zeros(s.batch(n)));
        }
        Sequence inputsOnly = new UnlabelledSequence(x);
        try (Feed feed = sequenceFeed(inputsOnly, 0, new Fit())) {
            Inference.predict(executor, feed, results.toArray(new Tensor[0]));
        }
        return results;
    }

    /** Outputs for every sample of {@code x}, computed in batches of 32 in inference mode. */
    public Tensor predict(Tensor x) {
        return predict(x, 32);
    }

    public Tensor predict(Tensor x, int batchSize) {
        prepare(new Tensor[] {x});
        requireSingleOutput();
        Tensor result = Tensor.zeros(outputShape().batch(x.dim(0)));
        predict(x, result, batchSize);
        return result;
    }

    /** The outputs of a model with several inputs or outputs, one tensor per output. */
    public List<Tensor> predict(List<Tensor> x, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be at least 1, got " + batchSize);
        }
        Tensor[] xs = x.toArray(new Tensor[0]);
        prepare(xs);
        Data data = new Data("", xs, new Tensor[0]);
        if (xs.length == 0) {
            throw new IllegalArgumentException("predict needs x");
        }
        data.checkInputs(name(), inputShapesBuilt());
        int n = xs[0].dim(0);
        List<Tensor> results = new ArrayList<>();
        for (Shape s : outputShapes()) {
            results.add(Tensor.zeros(s.batch(n)));
        }
        predictInto(xs, results.toArray(new Tensor[0]), batchSize);
        return results;
    }

    private void requireSingleOutput() {
        if (executor.outputCount() != 1 || executor.inputCount() != 1) {
            throw new IllegalArgumentException("model '" + name() + "' has " + executor.inputCount() + " inputs and "
                    + executor.outputCount() + " outputs: use predict(List<Tensor>, batchSize)");
        }
    }

    /**
     * Writes the outputs for {@code x} into {@code result} (shape: samples x output shape), in batches of
     * {@code batchSize}. After the first call with a batch size, a call allocates nothing: for serving.
     */
    public void predict(Tensor x, Tensor result, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be at least 1, got " + batchSize);
        }
        Tensor[] xs = {x};
        prepare(xs);
        requireSingleOutput();
        new Data("", xs, new Tensor[0]).checkInputs(name(), inputShapesBuilt());
        int n = x.dim(0);
        Shape out = outputShape();
        if (result.size() != n * out.size() || result.dim(0) != n) {
            throw new IllegalArgumentException("predict: result should have shape " + Shape.format(out.batch(n))
                    + ", found " + Shape.format(result.shape()));
        }
        predictInto(xs, new Tensor[] {result}, batchSize);
    }

    private void predictInto(Tensor[] xs, Tensor[] results, int batchSize) {
        Inference.predict(executor, xs, results, batchSize);
    }

    // ----- a model as a layer of another model -----

    /** Runs the model on a batch in inference mode, as Keras's {@code model(x)}. */
    @Override
    public Tensor call(Tensor x) {
        return predict(x, Math.max(1, x.dim(0)));
    }

    @Override
    public void forward(Tensor x, Tensor y, Context ctx) {
        forward(new Tensor[] {x}, new Tensor[] {y}, ctx);
    }

    @Override
    public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, Context ctx) {
        backward(new Tensor[] {x}, new Tensor[] {y}, new Tensor[] {dy}, new Tensor[] {dx}, ctx);
    }

    @Override
    public void forward(Tensor[] inputs, Tensor[] outputs, Context ctx) {
        requireBuilt();
        NestedCall.of(this, ctx).forward(inputs, outputs, ctx);
    }

    @Override
    public void backward(Tensor[] inputs, Tensor[] outputs, Tensor[] outputGradients, Tensor[] inputGradients,
                         Context ctx) {
        NestedCall.of(this, ctx).backward(inputs, outputGradients, inputGradients);
    }

    // ----- package-private access for the trainer and the file formats -----

    Executor executor() {
        return executor;
    }

    /** Builds the model and its optimizer (for the trainable weights) so saved optimizer state can be installed. */
    void prepareOptimizer() {
        requireBuilt();
        if (isCompiled() && !optimizerBuilt) {
            attachObjective();
            objective.optimizer().build(trainableWeights());
            optimizerBuilt = true;
        }
    }

    /** The per-output losses of the last step (for the trainer's logs). */
    double[] outputLosses() {
        return objective.outputLosses();
    }

    void resetStopTraining() {
        stopTraining = false;
    }

    /** The seed of the epoch's shuffle, derived from the model seed so a resumed run shuffles the same way. */
    SplittableRandom shuffleStream(int epochIndex) {
        return Seeds.stream(seed(), "shuffle", epochIndex);
    }

    @Override
    public String toString() {
        return className() + " '" + name() + "'" + (graph() == null ? "" : " with " + layers().size() + " layers");
    }
}
