package io.conv4j.kernels;

/**
 * Flush-to-zero for the few places that make very small floats.
 *
 * <p>TensorFlow runs its CPU kernels with the processor's flush-to-zero and denormals-are-zero modes, so
 * Keras never computes with subnormal floats (below {@link Float#MIN_NORMAL}, about 1.2e-38). Java cannot set
 * those modes, and on Intel cores an FMA with a subnormal operand or result takes a microcode assist about a
 * hundred times slower (a 512 x 10 x 128 GEMM: 0.016 ms, 2.3 ms when A is subnormal). A network that has
 * learnt its batch well makes them: softmax probabilities of exp(-90) and the gradients made from them, which
 * then flow through the last layers' GEMMs. So the code that makes such values, the softmax and sigmoid
 * activations and the cross-entropy gradients from logits, flushes them here, as TensorFlow would.
 */
public final class Denormals {
    private Denormals() {
    }

    /** {@code v}, or zero when {@code v} is subnormal. */
    public static float flush(float v) {
        return Math.abs(v) < Float.MIN_NORMAL ? 0f : v;
    }
}
