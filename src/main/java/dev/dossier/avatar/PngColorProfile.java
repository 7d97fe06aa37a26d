package dev.dossier.avatar;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;

import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Attaches a PNG's embedded ICC profile ({@code iCCP} chunk) to its decoded pixels. The JDK's PNG
 * reader (checked in JDK 25) reads the chunk but labels every image sRGB, so an Adobe RGB PNG would be
 * stored with washed-out colours.
 */
final class PngColorProfile {

	private static final String NATIVE_FORMAT = "javax_imageio_png_1.0";

	/** Upper bound for an inflated profile; real profiles are a few KiB to a few hundred KiB. */
	private static final int MAX_PROFILE_BYTES = 4 * 1024 * 1024;

	private PngColorProfile() {
	}

	/**
	 * Returns {@code image} relabelled with the profile of its {@code iCCP} chunk, so that the sRGB
	 * conversion applies it. Returns the image unchanged when there is no usable profile, or when
	 * the image uses a palette, whose colours this class does not convert.
	 */
	static BufferedImage apply(BufferedImage image, IIOMetadata metadata) {
		ColorModel model = image.getColorModel();
		if (metadata == null || !(model instanceof ComponentColorModel)) {
			return image;
		}
		ICC_Profile profile = embeddedProfile(metadata);
		if (profile == null || profile.getColorSpaceType() != model.getColorSpace().getType()) {
			return image;
		}
		ColorSpace space = new ICC_ColorSpace(profile);
		ColorModel tagged = new ComponentColorModel(space, model.hasAlpha(), model.isAlphaPremultiplied(),
				model.getTransparency(), model.getTransferType());
		return new BufferedImage(tagged, image.getRaster(), model.isAlphaPremultiplied(), null);
	}

	private static ICC_Profile embeddedProfile(IIOMetadata metadata) {
		Node root = metadata.getAsTree(NATIVE_FORMAT);
		NodeList chunks = ((IIOMetadataNode) root).getElementsByTagName("iCCP");
		if (chunks.getLength() == 0) {
			return null;
		}
		Object data = ((IIOMetadataNode) chunks.item(0)).getUserObject();
		return (data instanceof byte[] compressed) ? inflatedProfile(compressed) : null;
	}

	/** Inflates the chunk's profile, which the JDK's PNG metadata keeps zlib-compressed as stored. */
	private static ICC_Profile inflatedProfile(byte[] compressed) {
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(compressed);
			ByteArrayOutputStream profile = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			while (!inflater.finished() && profile.size() <= MAX_PROFILE_BYTES) {
				int length = inflater.inflate(buffer);
				if (length == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
					return null;
				}
				profile.write(buffer, 0, length);
			}
			return inflater.finished() ? ICC_Profile.getInstance(profile.toByteArray()) : null;
		}
		catch (DataFormatException | IllegalArgumentException ex) {
			return null;
		}
		finally {
			inflater.end();
		}
	}

}
