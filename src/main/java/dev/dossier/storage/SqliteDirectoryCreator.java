package dev.dossier.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Creates the folder of an SQLite database file before the first connection, since the SQLite
 * driver creates the file but not its folder, and the embedded default lives in a fresh
 * {@code ./data}.
 */
@Component
class SqliteDirectoryCreator implements BeanPostProcessor {

	private static final String PREFIX = "jdbc:sqlite:";

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null
				&& dataSource.getJdbcUrl().startsWith(PREFIX)) {
			String file = dataSource.getJdbcUrl().substring(PREFIX.length());
			int query = file.indexOf('?');
			if (query >= 0) {
				file = file.substring(0, query);
			}
			if (!file.isEmpty() && !file.startsWith(":memory:") && !file.startsWith("file:")) {
				Path parent = Path.of(file).toAbsolutePath().getParent();
				try {
					PrivateFolders.create(parent);
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Could not create the database folder " + parent, ex);
				}
			}
		}
		return bean;
	}

}
