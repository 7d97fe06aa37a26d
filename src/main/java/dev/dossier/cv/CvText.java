package dev.dossier.cv;

/**
 * Page count and extracted plain text of a CV.
 *
 * @param pages page count, or {@code null} when the document does not record one
 * @param text extracted plain text, possibly cut at a limit
 * @param length length of {@code text} in Unicode code points
 * @param truncated whether the text was cut at the size or time limit
 */
record CvText(Integer pages, String text, int length, boolean truncated) {
}
