package dev.vigil.standalone;

import io.temporal.testserver.TestServer;
import java.lang.reflect.Field;
import java.util.LinkedList;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's Java test service on a port, for the standalone mode: real time (time skipping
 * locked), runs in memory.
 *
 * <p>One repair is applied. The test service's timer keeps a list of every time-skipping lock and
 * unlock it has ever seen, "for debugging purposes only" ({@code
 * SelfAdvancingTimerImpl.lockEvents}, SDK 1.39): it never shrinks, and releasing a timer's lock
 * searches it from the oldest entry. In a test that lives a minute this does not matter; in a Vigil
 * that runs for days it is a memory leak and a cost per timer that grows with every activity ever
 * run (a JFR profile of {@code ./vigil bench} found a quarter of all CPU samples in that search).
 * The list only feeds the service's diagnostics text, not its lock count, so it is replaced by one
 * that keeps nothing. If a later SDK no longer has the field, the service runs as it comes and a
 * warning says so.
 */
final class EmbeddedTemporal {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporal.class);

  private EmbeddedTemporal() {}

  /** Starts the service on {@code port} with the timer's lock history switched off. */
  static TestServer.PortBoundTestServer start(int port) {
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
    if (!forgetLockHistory(server)) {
      log.warn(
          "the embedded Temporal service's timer keeps its lock history (the SDK changed); memory"
              + " grows with every activity run — use a Temporal server for long-running installs");
    }
    return server;
  }

  /** Replaces the timer's lock history with a list that keeps nothing; false when it cannot. */
  static boolean forgetLockHistory(TestServer.PortBoundTestServer server) {
    try {
      Object starter = read(server, "testServicesStarter");
      Object timer = read(starter, "selfAdvancingTimer");
      Field events = timer.getClass().getDeclaredField("lockEvents");
      if (events.getType() != LinkedList.class) {
        return false;
      }
      events.setAccessible(true);
      Lock lock = (Lock) read(timer, "lock");
      lock.lock();
      try {
        events.set(timer, new KeepsNothing());
      } finally {
        lock.unlock();
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.debug("cannot reach the test service's timer", e);
      return false;
    }
  }

  /** The size of the timer's lock history (for tests); -1 when it cannot be read. */
  static int lockHistorySize(TestServer.PortBoundTestServer server) {
    try {
      Object timer = read(read(server, "testServicesStarter"), "selfAdvancingTimer");
      return ((LinkedList<?>) read(timer, "lockEvents")).size();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }

  private static Object read(Object target, String name) throws ReflectiveOperationException {
    Field f = target.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(target);
  }

  /**
   * A list that stores nothing: adding succeeds and removing any element "finds" it, which is all
   * the timer asks of its lock history outside its diagnostics.
   */
  private static final class KeepsNothing extends LinkedList<Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean add(Object o) {
      return true;
    }

    @Override
    public boolean remove(Object o) {
      return true;
    }
  }
}
