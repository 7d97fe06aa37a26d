package dev.dossier.storage;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The background sweep that frees storage.
 *
 * @param enabled whether this node takes part in sweeping; any number of nodes may
 * @param interval time between two sweeps of one node
 * @param gracePeriod age a deleted file's row, or a blob that no row names, must reach before it is
 * removed; it must exceed the longest upload, since an upload writes its blob before its row
 */
@ConfigurationProperties("dossier.sweeper")
public record SweeperProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1h") Duration interval,
		@DefaultValue("24h") Duration gracePeriod) {
}
