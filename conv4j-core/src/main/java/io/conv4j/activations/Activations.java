package io.conv4j.activations;

import io.conv4j.kernels.Denormals;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Keras activation functions, looked up by name as in {@code Dense(128, activation="relu")}, with
 * tf.keras 2 semantics (what the textbooks print); {@code leaky_relu} keeps Keras 3's slope of 0.2.
 */
public final class Activations {
    /** SELU constants from Klambauer et al. (2017), as Keras uses them. */
    private static final float SELU_ALPHA = 1.6732632423543772848170429916717f;
    private static final float SELU_SCALE = 1.0507009873554804934193349852946f;
    /** Keras 3's default negative slope for the {@code leaky_relu} activation. */
    private static final float LEAKY_SLOPE = 0.2f;

    public static final ActivationFunction LINEAR = new Elementwise("linear", false) {
        @Override float apply(float z) { return z; }
        @Override float derivative(float z, float a) { return 1f; }
    };

    public static final ActivationFunction RELU = new Elementwise("relu", false) {
        @Override float apply(float z) { return Math.max(z, 0f); }
        @Override float derivative(float z, float a) { return a > 0f ? 1f : 0f; }
    };

    public static final ActivationFunction RELU6 = new Elementwise("relu6", false) {
        @Override float apply(float z) { return Math.min(Math.max(z, 0f), 6f); }
        @Override float derivative(float z, float a) { return a > 0f && a < 6f ? 1f : 0f; }
    };

    public static final ActivationFunction SIGMOID = new Elementwise("sigmoid", false) {
        @Override float apply(float z) { return sigmoid(z); }
        @Override float derivative(float z, float a) { return a * (1f - a); }
    };

    /** tf.keras 2's {@code clip(0.2 x + 0.5, 0, 1)} (Keras 3 changed it to {@code x / 6 + 0.5}). */
    public static final ActivationFunction HARD_SIGMOID = new Elementwise("hard_sigmoid", true) {
        @Override float apply(float z) { return Math.min(Math.max(0.2f * z + 0.5f, 0f), 1f); }
        @Override float derivative(float z, float a) { return z > -2.5f && z < 2.5f ? 0.2f : 0f; }
    };

    public static final ActivationFunction TANH = new Elementwise("tanh", false) {
        @Override float apply(float z) { return (float) Math.tanh(z); }
        @Override float derivative(float z, float a) { return 1f - a * a; }
    };

    public static final ActivationFunction SOFTMAX = Softmax.INSTANCE;

    public static final ActivationFunction ELU = new Elementwise("elu", false) {
        @Override float apply(float z) { return z > 0f ? z : (float) Math.expm1(z); }
        @Override float derivative(float z, float a) { return a > 0f ? 1f : a + 1f; }
    };

    public static final ActivationFunction SELU = new Elementwise("selu", false) {
        @Override float apply(float z) { return SELU_SCALE * (z > 0f ? z : SELU_ALPHA * (float) Math.expm1(z)); }
        @Override float derivative(float z, float a) { return a > 0f ? SELU_SCALE : a + SELU_SCALE * SELU_ALPHA; }
    };

    public static final ActivationFunction SOFTPLUS = new Elementwise("softplus", true) {
        @Override float apply(float z) { return (float) (Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs((double) z)))); }
        @Override float derivative(float z, float a) { return sigmoid(z); }
    };

    public static final ActivationFunction SOFTSIGN = new Elementwise("softsign", true) {
        @Override float apply(float z) { return z / (1f + Math.abs(z)); }
        @Override float derivative(float z, float a) { float d = 1f + Math.abs(z); return 1f / (d * d); }
    };

    public static final ActivationFunction LEAKY_RELU = new Elementwise("leaky_relu", false) {
        @Override float apply(float z) { return z > 0f ? z : LEAKY_SLOPE * z; }
        @Override float derivative(float z, float a) { return a > 0f ? 1f : LEAKY_SLOPE; }
    };

    /** The exact GELU, {@code x * Phi(x)}, Keras's default ({@code approximate=False}). */
    public static final ActivationFunction GELU = new Elementwise("gelu", true) {
        @Override float apply(float z) { return (float) (z * normalCdf(z)); }
        @Override float derivative(float z, float a) {
            return (float) (normalCdf(z) + z * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI));
        }
    };

    public static final ActivationFunction SWISH = new Elementwise("swish", true) {
        @Override float apply(float z) { return z * sigmoid(z); }
        @Override float derivative(float z, float a) { float s = sigmoid(z); return s * (1f + z * (1f - s)); }
    };

    public static final ActivationFunction EXPONENTIAL = new Elementwise("exponential", false) {
        @Override float apply(float z) { return (float) Math.exp(z); }
        @Override float derivative(float z, float a) { return a; }
    };

    private static final Map<String, ActivationFunction> BY_NAME = new LinkedHashMap<>();

    static {
        for (ActivationFunction f : List.of(LINEAR, RELU, RELU6, SIGMOID, HARD_SIGMOID, TANH, SOFTMAX, ELU, SELU,
                SOFTPLUS, SOFTSIGN, LEAKY_RELU, GELU, SWISH, EXPONENTIAL)) {
            BY_NAME.put(f.name(), f);
        }
        BY_NAME.put("silu", SWISH);
    }

    private Activations() {
    }

    /**
     * The activation named {@code name} (case-insensitive); {@code null} or {@code "None"} mean linear.
     *
     * @throws IllegalArgumentException naming the known activations when the name is unknown
     */
    public static ActivationFunction get(String name) {
        if (name == null || name.equalsIgnoreCase("none")) {
            return LINEAR;
        }
        ActivationFunction f = BY_NAME.get(name.toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of " + BY_NAME.keySet());
        }
        return f;
    }

    /** The names {@link #get} accepts. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    static float sigmoid(float z) {
        // Two branches so exp never overflows.
        if (z >= 0f) {
            return (float) (1.0 / (1.0 + Math.exp(-z)));
        }
        double e = Math.exp(z);
        return Denormals.flush((float) (e / (1.0 + e)));
    }

    /** The standard normal CDF, {@code (1 + erf(x / sqrt 2)) / 2}. */
    static double normalCdf(double x) {
        return 0.5 * (1.0 + Erf.erf(x / Math.sqrt(2.0)));
    }
}
