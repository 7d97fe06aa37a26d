package dev.dossier.account;

import java.security.Principal;

/** The principal of a request that carried a valid access token. */
public record AuthenticatedAccount(long id, String username) implements Principal {

	@Override
	public String getName() {
		return this.username;
	}

}
