package dev.dossier.account;

import java.util.LinkedHashMap;
import java.util.Map;

/** The user fields every account response starts with. */
public final class AccountViews {

	private AccountViews() {
	}

	public static Map<String, Object> of(Account account) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("id", account.id());
		fields.put("username", account.username());
		fields.put("email", account.email());
		fields.put("first_name", account.firstName());
		fields.put("last_name", account.lastName());
		fields.put("created_at", account.createdAt().toString());
		return fields;
	}

}
