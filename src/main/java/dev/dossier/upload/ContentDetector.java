package dev.dossier.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.springframework.stereotype.Component;

/**
 * Finds a file's type from its bytes alone with Apache Tika's default detector, which looks inside
 * containers (ZIP, OLE2) to tell a DOCX from an XLSX or a plain ZIP. The client's file name and
 * data-URL type are deliberately not passed in.
 */
@Component
public class ContentDetector {

	private final Detector detector = TikaConfig.getDefaultConfig().getDetector();

	/** Returns the detected media type without parameters, such as {@code image/png}. */
	public String detect(Path file) {
		try (TikaInputStream stream = TikaInputStream.get(file)) {
			MediaType type = this.detector.detect(stream, new Metadata());
			return type.getBaseType().toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read spool file " + file + " to detect its type", ex);
		}
	}

}
