package io.conv4j.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Softmax and sigmoid give exactly zero where the true value is a subnormal float, as TensorFlow's
 * flush-to-zero does: subnormal activations slow every GEMM they reach a hundredfold on Intel cores.
 */
class SubnormalFlushTest {
    @Test
    void softmaxOfAConfidentRowIsOneAndZeros() {
        float[] z = {95f, 0f, 3f};
        float[] a = new float[3];
        Activations.get("softmax").forward(z, 0, a, 0, 1, 3);
        assertEquals(1f, a[0], 0f);
        assertEquals(0f, a[1], 0f, "exp(-95) is subnormal");
        assertEquals(0f, a[2], 0f, "exp(-92) is subnormal");
    }

    @Test
    void sigmoidOfAVeryNegativeInputIsZero() {
        float[] z = {-95f, -80f};
        float[] a = new float[2];
        Activations.get("sigmoid").forward(z, 0, a, 0, 1, 2);
        assertEquals(0f, a[0], 0f, "sigmoid(-95) is subnormal");
        assertEquals((float) Math.exp(-80), a[1], 1e-40f, "sigmoid(-80), 1.8e-35, is a normal float and stays");
    }
}
