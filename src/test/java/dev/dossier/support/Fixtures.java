package dev.dossier.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import javax.imageio.ImageIO;

/** Test files made by the tests themselves, named by what they stand for. */
public final class Fixtures {

	private Fixtures() {
	}

	/** Returns a small opaque PNG avatar. */
	public static byte[] avatarPng() {
		BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < 30; y++) {
			for (int x = 0; x < 40; x++) {
				image.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 0x40);
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "png", out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/** Returns a one-page PDF CV with a line of text, written by hand so the test needs no PDF library. */
	public static byte[] cvPdf() {
		String stream = "BT /F1 18 Tf 72 720 Td (Jane Example - Curriculum Vitae) Tj ET";
		String[] objects = { "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
				"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
						+ "/Resources << /Font << /F1 5 0 R >> >> >>",
				"<< /Length " + stream.length() + " >>\nstream\n" + stream + "\nendstream",
				"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>" };
		StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
		int[] offsets = new int[objects.length];
		for (int i = 0; i < objects.length; i++) {
			offsets[i] = pdf.length();
			pdf.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
		}
		int xref = pdf.length();
		pdf.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
		for (int offset : offsets) {
			pdf.append(String.format("%010d 00000 n \n", offset));
		}
		pdf.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n")
			.append(xref).append("\n%%EOF\n");
		return pdf.toString().getBytes(StandardCharsets.US_ASCII);
	}

	/** Returns a plain-text CV of exactly {@code size} bytes. */
	public static byte[] textCv(int size) {
		byte[] line = "Jane Example, software engineer. Experience: ten years of Java.\n"
			.getBytes(StandardCharsets.US_ASCII);
		byte[] text = new byte[size];
		for (int i = 0; i < size; i++) {
			text[i] = line[i % line.length];
		}
		return text;
	}

}
