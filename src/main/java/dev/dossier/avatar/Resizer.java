package dev.dossier.avatar;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Scales images down with Java2D. Large reductions go in steps of one half with bilinear
 * filtering, then one bicubic step to the exact size: a single bilinear step over a large factor
 * skips most source pixels and aliases.
 */
final class Resizer {

	private Resizer() {
	}

	/**
	 * Returns {@code image} scaled to {@code width} x {@code height}, which must not be larger than
	 * the image; returns the image itself when the size already matches.
	 */
	static BufferedImage scaleDown(BufferedImage image, int width, int height) {
		BufferedImage current = image;
		while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
			current = draw(current, current.getWidth() / 2, current.getHeight() / 2,
					RenderingHints.VALUE_INTERPOLATION_BILINEAR);
		}
		if (current.getWidth() == width && current.getHeight() == height) {
			return current;
		}
		return draw(current, width, height, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
	}

	/** Returns the centred square of {@code image} whose side is the image's shorter side. */
	static BufferedImage centreSquare(BufferedImage image) {
		int side = Math.min(image.getWidth(), image.getHeight());
		return image.getSubimage((image.getWidth() - side) / 2, (image.getHeight() - side) / 2, side, side);
	}

	private static BufferedImage draw(BufferedImage source, int width, int height, Object interpolation) {
		BufferedImage target = new BufferedImage(width, height, source.getType() == BufferedImage.TYPE_INT_ARGB
				? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = target.createGraphics();
		try {
			graphics.setComposite(AlphaComposite.Src);
			graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
			graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
			graphics.drawImage(source, 0, 0, width, height, null);
		}
		finally {
			graphics.dispose();
		}
		return target;
	}

}
