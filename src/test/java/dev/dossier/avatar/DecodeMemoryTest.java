package dev.dossier.avatar;

import org.junit.jupiter.api.Test;

import dev.dossier.web.ApiException;
import dev.dossier.web.Problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DecodeMemoryTest {

	@Test
	void fullBudgetMakesNextWait() {
		DecodeMemory memory = new DecodeMemory(10 * 1024, 50);
		DecodeMemory.Reservation first = memory.reserve(8 * 1024);

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> memory.reserve(8 * 1024))
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(Problem.UNAVAILABLE));

		first.close();
		memory.reserve(8 * 1024).close();
		assertThat(memory.availableKib()).isEqualTo(10);
	}

	@Test
	void oversizedImageTakesWholeBudget() {
		DecodeMemory memory = new DecodeMemory(10 * 1024, 50);

		DecodeMemory.Reservation huge = memory.reserve(1L << 40);

		assertThat(memory.availableKib()).isZero();
		huge.close();
		assertThat(memory.availableKib()).isEqualTo(10);
	}

}
