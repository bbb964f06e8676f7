package io.conv4j.data.image;

import io.conv4j.image.ResizePlan;
import io.conv4j.tensor.Shape;
import io.conv4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Keras's {@code image_dataset_from_directory}: a folder of class sub-folders as a dataset of batches, images
 * decoded at their own size and resized as TensorFlow does ({@code tf.image.resize}, bilinear, optionally
 * after a centred crop to the target's aspect ratio). No rescaling or augmentation: in this style they are
 * model layers ({@code Rescaling}, {@code RandomFlip}, ...).
 */
public final class ImageDatasets {
    private ImageDatasets() {
    }

    /**
     * Reads {@code dir}, printing Keras's {@code Found 1027 files belonging to 2 classes.} (and, with a subset,
     * {@code Using 822 files for training.}).
     *
     * @throws IOException naming the folder when it is missing, has no class folders or a class has no images
     */
    public static DirectoryIterator fromDirectory(Path dir, DatasetOptions options) throws IOException {
        ImageFolder all = ImageFolder.scan(dir, options.classNames(), Images.IMAGE_DATASET_FORMATS, options.followLinks(),
                options.output());
        options.output().printf("Found %d files belonging to %d classes.%n", all.size(), all.classNames().size());
        long seed = options.seed();
        ImageFolder part = all;
        if (options.subset() != null) {
            if (options.shuffle() && !options.hasSeed()) {
                throw new IllegalArgumentException("with validation_split and shuffling, give a seed so the training and "
                        + "validation subsets do not overlap");
            }
            part = split(all, options.subset(), options.validationSplit(), seed);
            options.output().printf("Using %d files for %s.%n", part.size(), options.subset());
        }
        ColorMode mode = options.colorMode();
        int h = options.height();
        int w = options.width();
        boolean crop = options.cropToAspectRatio();
        return new DirectoryIterator(part, null, Shape.of(h, w, mode.channels()),
                (file, into) -> loadResized(file, mode, h, w, crop, into),
                options.labelMode(), options.batchSize(), options.shuffle(), seed, options.output());
    }

    /** Shuffles all files with the seed and keeps the last {@code fraction} for validation, as Keras does. */
    private static ImageFolder split(ImageFolder all, String subset, double fraction, long seed) {
        if (!subset.equals("training") && !subset.equals("validation")) {
            throw new IllegalArgumentException("subset must be 'training' or 'validation', got '" + subset + "'");
        }
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("a subset needs a validation_split between 0 and 1, got " + fraction);
        }
        int n = all.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int validation = (int) (fraction * n);
        int[] part = subset.equals("validation") ? java.util.Arrays.copyOfRange(order, n - validation, n)
                : java.util.Arrays.copyOfRange(order, 0, n - validation);
        java.util.Arrays.sort(part);
        return all.select(part);
    }

    /** Decodes at the file's own size, optionally crops to the target's aspect ratio, then resizes bilinearly as TF. */
    static void loadResized(Path file, ColorMode mode, int h, int w, boolean crop, Tensor into) throws IOException {
        Tensor image = Images.loadArray(file, mode, null, Interpolation.NEAREST);
        // With crop, the largest centred window with the target's aspect ratio (Keras's smart_resize).
        ResizePlan.of(image.dim(0), image.dim(1), h, w, io.conv4j.image.Interpolation.BILINEAR, crop)
                .apply(image.data(), image.offset(), into.data(), into.offset(), image.dim(2));
    }
}
