package dev.dossier.avatar;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and output settings of the avatar pipeline.
 *
 * @param maxSide maximum width or height in pixels that an uploaded image may declare
 * @param maxPixels maximum width times height that an uploaded image may declare
 * @param jpegQuality JPEG quality of stored opaque images, from 0.0 (smallest) to 1.0 (best)
 * @param decodeMemory heap that all image decodes in flight may use together, estimated per
 * image from its header; when empty, a quarter of the maximum heap
 * @param decodeWait maximum time an upload waits for decode memory before the service responds
 * with 503
 */
@ConfigurationProperties("dossier.avatar")
@Validated
public record AvatarProperties(@DefaultValue("10000") @Positive int maxSide,
		@DefaultValue("50000000") @Positive long maxPixels,
		@DefaultValue("0.85") @DecimalMin("0.0") @DecimalMax("1.0") float jpegQuality, DataSize decodeMemory,
		@DefaultValue("60s") Duration decodeWait) {

	/** Decode memory in bytes, with the default applied. */
	long decodeMemoryBytes() {
		if (this.decodeMemory != null) {
			return this.decodeMemory.toBytes();
		}
		return Runtime.getRuntime().maxMemory() / 4;
	}

}
