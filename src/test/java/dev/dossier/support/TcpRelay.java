package dev.dossier.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Forwards TCP connections from a free port of 127.0.0.1 to a target, and can cut them all at once:
 * lets a test take a real database away from the service and give it back.
 */
public final class TcpRelay implements AutoCloseable {

	private final ServerSocket server;

	private final String targetHost;

	private final int targetPort;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean open = true;

	public TcpRelay(String targetHost, int targetPort) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		Thread.ofVirtual().start(this::accept);
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** Closes every relayed connection and refuses new ones until {@link #resume()}. */
	public void cut() throws IOException {
		this.open = false;
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.sockets.clear();
	}

	public void resume() {
		this.open = true;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (!this.open) {
					client.close();
					continue;
				}
				Socket target = new Socket(this.targetHost, this.targetPort);
				this.sockets.add(client);
				this.sockets.add(target);
				Thread.ofVirtual().start(() -> pump(client, target));
				Thread.ofVirtual().start(() -> pump(target, client));
			}
			catch (IOException ex) {
				// The server socket was closed, or the target refused: the client sees a closed connection.
			}
		}
	}

	private static void pump(Socket from, Socket to) {
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			// One side closed; closing both ends the relayed connection.
		}
		finally {
			try {
				from.close();
				to.close();
			}
			catch (IOException ex) {
				// Already closed.
			}
		}
	}

	@Override
	public void close() throws IOException {
		cut();
		this.server.close();
	}

}
