package io.conv4j.data.image;

import io.conv4j.image.Interpolation;
import io.conv4j.image.ResizePlan;
import io.conv4j.tensor.Tensor;

/**
 * TensorFlow's {@code tf.image.resize(images, size, method="bilinear")} (half-pixel centres, no antialiasing),
 * which {@code keras.utils.image_dataset_from_directory} applies to decoded images. It works on floats and
 * gives floats: unlike Pillow it neither rounds to 8 bits nor widens its filter when shrinking, so shrinking
 * by more than 2 skips input pixels (aliasing) exactly as TensorFlow does.
 *
 * <p>The arithmetic is {@link ResizePlan}'s (the {@code Resizing} layer's): TensorFlow's kernel in float32.
 */
public final class TfResize {
    private TfResize() {
    }

    /** Resizes a (height, width, channels) tensor to (outHeight, outWidth, channels). */
    public static Tensor bilinear(Tensor image, int outHeight, int outWidth) {
        if (image.rank() != 3) {
            throw new IllegalArgumentException("expected an image tensor of rank 3 (height, width, channels); got shape "
                    + java.util.Arrays.toString(image.shape()));
        }
        int c = image.dim(2);
        Tensor out = Tensor.zeros(outHeight, outWidth, c);
        ResizePlan.of(image.dim(0), image.dim(1), outHeight, outWidth, Interpolation.BILINEAR, false)
                .apply(image.data(), image.offset(), out.data(), out.offset(), c);
        return out;
    }
}
