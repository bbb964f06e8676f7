package io.conv4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conv4j.layers.Conv2D;
import io.conv4j.layers.Dense;
import io.conv4j.layers.Flatten;
import io.conv4j.layers.Input;
import io.conv4j.layers.Layer;
import io.conv4j.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerTimesTest {

    private static Sequential model() {
        Sequential m = new Sequential(Input.shape(8, 8, 1), new Conv2D(4, 3, "relu"), new Flatten(), new Dense(2, "softmax"));
        m.seed(3);
        m.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        return m;
    }

    @Test
    void recordsEveryLayerCallOnceAsked() {
        Tensor[] data = SmokeTrainingTest.squares(32, 1);
        Sequential m = model();
        m.recordLayerTimes(true);
        m.fit(data[0], data[1], Fit.epochs(1).batchSize(16).verbose(0));
        m.predict(data[0], 32);
        List<LayerTime> times = m.layerTimes();
        assertEquals(m.layers().stream().map(Layer::name).filter(n -> !n.startsWith("input")).toList(),
                times.stream().map(LayerTime::layer).toList());
        assertEquals(3, times.size());
        LayerTime conv = times.get(0);
        assertEquals(3, conv.forwards(), "two training batches and one prediction");
        assertEquals(2, conv.backwards());
        assertTrue(conv.forwardMs() > 0 && conv.backwardMs() > 0, conv.toString());
        // Flatten shares its input's buffer and runs nothing.
        assertEquals(0, times.get(1).forwards());
        assertEquals(2, times.get(2).backwards());
        m.recordLayerTimes(true);
        assertEquals(0, m.layerTimes().get(0).forwards(), "starts again from zero");
    }

    @Test
    void recordsNothingByDefault() {
        Tensor[] data = SmokeTrainingTest.squares(32, 1);
        Sequential m = model();
        m.fit(data[0], data[1], Fit.epochs(1).batchSize(16).verbose(0));
        for (LayerTime t : m.layerTimes()) {
            assertEquals(new LayerTime(t.layer(), 0, 0, 0, 0), t);
        }
    }
}
