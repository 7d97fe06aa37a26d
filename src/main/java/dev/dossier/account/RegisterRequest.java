package dev.dossier.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /register}. The password's upper limit is in UTF-8 bytes and checked by the
 * controller.
 */
public record RegisterRequest(
		@NotBlank(message = "is missing") @Size(min = 3, max = 64, message = "must be 3 to 64 characters long") @Pattern(
				regexp = "[A-Za-z0-9._-]*",
				message = "may contain only letters A-Z, digits, '.', '_' and '-'") String username,
		@NotBlank(message = "is missing") @Size(max = 254, message = "must be at most 254 characters long") @Email(
				message = "is not a valid e-mail address") String email,
		@NotBlank(message = "is missing") @Size(min = 8, message = "must be at least 8 characters long") String password,
		@NotBlank(message = "is missing") String passwordRepeat,
		@NotBlank(message = "is missing") @Size(max = 100,
				message = "must be at most 100 characters long") String firstName,
		@NotBlank(message = "is missing") @Size(max = 100,
				message = "must be at most 100 characters long") String lastName) {

	/** bcrypt ignores everything past 72 bytes, so longer passwords are rejected rather than cut. */
	static final int MAX_PASSWORD_BYTES = 72;

}
