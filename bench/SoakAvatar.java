import java.awt.image.BufferedImage;
import java.io.File;

import javax.imageio.ImageIO;

/**
 * Writes the opaque RGB PNG that bench/soak.sh uploads: horizontal and vertical gradients with a
 * wave pattern, so that it compresses like a simple picture rather than like noise.
 *
 * Run: java bench/SoakAvatar.java FILE WIDTH HEIGHT
 */
public class SoakAvatar {

	public static void main(String[] args) throws Exception {
		int width = Integer.parseInt(args[1]);
		int height = Integer.parseInt(args[2]);
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				int red = 255 * x / width;
				int green = 255 * y / height;
				int blue = 16 * (int) (8 + 6 * Math.sin((x + 2 * y) / 71.0) * Math.cos((x - y) / 97.0));
				image.setRGB(x, y, red << 16 | green << 8 | Math.min(blue, 255));
			}
		}
		if (!ImageIO.write(image, "png", new File(args[0]))) {
			throw new IllegalStateException("No PNG writer in this Java runtime");
		}
	}

}
