package dev.dossier.avatar;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The first image of an upload, opened with the ImageIO reader of its format. The size comes from
 * the header alone, so that the pixel budget is checked before any raster is allocated.
 * Readers throw {@link IOException} or, for some broken files, runtime exceptions; callers treat
 * both as an unusable file.
 */
final class ImageSource implements AutoCloseable {

	private final ImageInputStream stream;

	private final ImageReader reader;

	private final ImageFormat format;

	private final IcoEntries.Entry icoEntry;

	private final List<String> warnings = new ArrayList<>();

	private ImageSource(ImageInputStream stream, ImageReader reader, ImageFormat format, IcoEntries.Entry icoEntry) {
		this.stream = stream;
		this.reader = reader;
		this.format = format;
		this.icoEntry = icoEntry;
		// Metadata is read too: the JDK's PNG reader finds some broken chunks only then.
		reader.setInput(stream, true, false);
		reader.addIIOReadWarningListener((source, warning) -> this.warnings.add(warning));
	}

	/** Opens {@code file}; for ICO, opens its largest entry. */
	static ImageSource open(Path file, ImageFormat format) throws IOException {
		if (format == ImageFormat.ICO) {
			IcoEntries.Entry entry = IcoEntries.largest(file);
			ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(entry.image()));
			return new ImageSource(stream, createReader(entry.format()), entry.format(), entry);
		}
		ImageInputStream stream = openStream(file);
		try {
			return new ImageSource(stream, createReader(format), format, null);
		}
		catch (IOException | RuntimeException ex) {
			stream.close();
			throw ex;
		}
	}

	/**
	 * Finds the accepted format whose reader claims {@code file}, for files that Tika's detection
	 * does not recognize, such as OS/2 bitmaps and BigTIFF.
	 */
	static Optional<ImageFormat> sniff(Path file) throws IOException {
		try (ImageInputStream stream = openStream(file)) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
			while (readers.hasNext()) {
				for (String name : readers.next().getOriginatingProvider().getFormatNames()) {
					Optional<ImageFormat> format = ImageFormat.fromImageIoName(name);
					if (format.isPresent()) {
						return format;
					}
				}
			}
			return Optional.empty();
		}
	}

	int width() throws IOException {
		return (this.icoEntry != null) ? this.icoEntry.width() : this.reader.getWidth(0);
	}

	int height() throws IOException {
		return (this.icoEntry != null) ? this.icoEntry.height() : this.reader.getHeight(0);
	}

	/**
	 * Decodes the first image, keeping every {@code subsampling}-th pixel of each row and column.
	 * @throws TruncatedImageException when the reader reported that the data ended early
	 */
	BufferedImage read(int subsampling) throws IOException {
		ImageReadParam param = this.reader.getDefaultReadParam();
		param.setSourceSubsampling(subsampling, subsampling, 0, 0);
		BufferedImage image = this.reader.read(0, param);
		for (String warning : this.warnings) {
			if (isTruncation(warning)) {
				throw new TruncatedImageException(warning);
			}
		}
		if (this.format == ImageFormat.PNG) {
			image = PngColorProfile.apply(image, this.reader.getImageMetadata(0));
		}
		return (this.icoEntry != null) ? this.icoEntry.applyTransparency(image, subsampling) : image;
	}

	/** Format name of the reader in use, for log lines. */
	String readerName() {
		return this.reader.getClass().getName();
	}

	@Override
	public void close() throws IOException {
		this.reader.dispose();
		this.stream.close();
	}

	/**
	 * Returns whether a reader warning means that the image data stopped before its end. The JPEG readers
	 * (TwelveMonkeys 3.14 and the JDK's libjpeg) only warn, and fill the missing rows with grey.
	 */
	private static boolean isTruncation(String warning) {
		String text = warning.toLowerCase(Locale.ROOT);
		return text.contains("premature end") || text.contains("missing eoi") || text.contains("truncated");
	}

	private static ImageInputStream openStream(Path file) throws IOException {
		ImageInputStream stream = ImageIO.createImageInputStream(file.toFile());
		if (stream == null) {
			throw new IOException("No ImageIO stream for " + file);
		}
		return stream;
	}

	/**
	 * Creates the preferred reader of a format: TwelveMonkeys first (CMYK JPEG, BigTIFF, WebP),
	 * then the JDK's own, then any other (jai-imageio arrives with Tika).
	 */
	// NOTE: the JDK's colour engine (LittleCMS in JDK 25) rejects some embedded CMYK profiles, such
	// as ICC v4 ones. TwelveMonkeys then ignores the profile and converts CMYK and YCCK JPEGs with
	// its generic CMYK conversion, so their colours are close but not exact.
	private static ImageReader createReader(ImageFormat format) throws IOException {
		String name = format.imageIoName();
		Iterator<ImageReaderSpi> providers = IIORegistry.getDefaultInstance()
			.getServiceProviders(ImageReaderSpi.class,
					(provider) -> Arrays.asList(((ImageReaderSpi) provider).getFormatNames()).contains(name), true);
		List<ImageReaderSpi> candidates = new ArrayList<>();
		providers.forEachRemaining(candidates::add);
		ImageReaderSpi chosen = candidates.stream()
			.min(Comparator.comparingInt(ImageSource::preference))
			.orElseThrow(() -> new IllegalStateException("No ImageIO reader for " + format
					+ "; the TwelveMonkeys plug-ins must be on the class path"));
		return chosen.createReaderInstance();
	}

	private static int preference(ImageReaderSpi provider) {
		String name = provider.getPluginClassName();
		if (name.startsWith("com.twelvemonkeys.")) {
			return 0;
		}
		return name.startsWith("com.sun.imageio.") ? 1 : 2;
	}

	/** The reader decoded the image but reported that its data ended early. */
	static final class TruncatedImageException extends IOException {

		TruncatedImageException(String warning) {
			super(warning);
		}

	}

}
