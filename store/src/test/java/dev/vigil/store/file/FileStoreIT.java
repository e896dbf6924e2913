package dev.vigil.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.store.file.FileRepository.Filter;
import dev.vigil.store.file.FileRepository.StoredFile;
import dev.vigil.store.system.TenantJdbc;
import dev.vigil.store.system.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreIT {

  final HikariDataSource db = TestDatabase.fresh();
  @TempDir Path dir;
  FileStore store;

  FileStoreIT() throws Exception {
    TestDatabase.execute(db, "insert into tenants (id, name) values ('acme', 'A'), ('beta', 'B')");
  }

  FileStore store() throws Exception {
    if (store == null) {
      store =
          new FileStore(
              db,
              new LocalBlobStore(dir.resolve("files")),
              dir.resolve("tmp"),
              FileTypes.DEFAULT_ALLOWED,
              Clock.systemUTC());
    }
    return store;
  }

  @AfterEach
  void close() {
    db.close();
  }

  static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  static String sha(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  StoredFile put(String tenant, String name, byte[] content) throws Exception {
    return store()
        .store(tenant, name, new ByteArrayInputStream(content), List.of(), "ana", "upload", null);
  }

  @Test
  void theSameContentIsStoredOnceAndGoesWithItsLastFile() throws Exception {
    byte[] content = "hello, auditors\n".getBytes(StandardCharsets.UTF_8);
    StoredFile a = put("acme", "notes.txt", content);
    StoredFile b = put("acme", "copy of notes.txt", content);
    assertThat(a.sha256()).isEqualTo(b.sha256()).isEqualTo(sha(content));
    assertThat(a.size()).isEqualTo(content.length);
    assertThat(a.contentType()).isEqualTo("text/plain");
    Path blob = dir.resolve("files/acme/" + a.sha256().substring(0, 2) + "/" + a.sha256());
    assertThat(blob).hasBinaryContent(content);
    try (var files = Files.list(blob.getParent())) {
      assertThat(files).hasSize(1);
    }
    assertThat(store().files().usage("acme")).isEqualTo(content.length);

    assertThat(store().delete("acme", a.id())).isPresent();
    assertThat(blob).as("another file still has the content").exists();
    try (InputStream in = store().open("acme", b)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    assertThat(store().delete("acme", b.id())).isPresent();
    assertThat(blob).doesNotExist();
    assertThat(store().files().usage("acme")).isZero();
    assertThat(store().delete("acme", b.id())).isEmpty();
  }

  @Test
  void aRenamedExecutableIsRefusedByItsContentAndLeavesNothing() throws Exception {
    // the start of an ELF executable, named like a report
    byte[] elf = new byte[256];
    System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}, 0, elf, 0, 8);
    elf[16] = 2; // ET_EXEC
    elf[18] = 0x3e; // x86-64
    assertThatThrownBy(() -> put("acme", "quarterly-report.pdf", elf))
        .isInstanceOfSatisfying(
            FileStore.Refused.class,
            r -> {
              assertThat(r.code).isEqualTo("type-not-allowed");
              assertThat(r.getMessage()).contains("application/x-").contains("not the name");
            });
    // a Windows executable too
    byte[] pe = new byte[512];
    pe[0] = 'M';
    pe[1] = 'Z';
    assertThatThrownBy(() -> put("acme", "invoice.txt", pe)).isInstanceOf(FileStore.Refused.class);
    assertThat(store().files().list("acme", all(), 10, null).items()).isEmpty();
    try (var left = Files.list(dir.resolve("tmp"))) {
      assertThat(left).as("no spooled upload is left behind").isEmpty();
    }
  }

  static Filter all() {
    return new Filter(null, null, null, null, null, null, null);
  }

  @Test
  void anUploadOverTheTenantsMaximumIsStoppedAndOverTheQuotaRefused() throws Exception {
    TestDatabase.execute(
        db,
        "insert into tenant_settings (tenant_id, updated_by, max_upload_bytes, file_quota_bytes)"
            + " values ('acme', 'test', 1000, 1500)");
    assertThatThrownBy(() -> put("acme", "big.txt", "x".repeat(1001).getBytes()))
        .isInstanceOfSatisfying(
            FileStore.Refused.class, r -> assertThat(r.code).isEqualTo("too-large"));
    put("acme", "a.txt", "a".repeat(900).getBytes());
    put("acme", "a-again.txt", "a".repeat(900).getBytes()); // known content: no new bytes
    assertThatThrownBy(() -> put("acme", "b.txt", "b".repeat(700).getBytes()))
        .isInstanceOf(FileRepository.QuotaExceeded.class)
        .hasMessageContaining("900 of 1500 bytes used");
    assertThat(store().files().list("acme", all(), 10, null).items()).hasSize(2);
    assertThat(put("beta", "b.txt", "b".repeat(700).getBytes()).size())
        .as("the other tenant has its own quota")
        .isEqualTo(700);
  }

  @Test
  void twoConcurrentUploadsNeverBothTakeTheLastOfTheQuota() throws Exception {
    TestDatabase.execute(
        db,
        "insert into tenant_settings (tenant_id, updated_by, file_quota_bytes) values ('acme', 'test', 1000)");
    store();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Callable<Boolean>> both =
          List.of(() -> tryPut("x".repeat(600)), () -> tryPut("y".repeat(600)));
      int stored = 0;
      for (Future<Boolean> f : pool.invokeAll(both)) {
        stored += f.get() ? 1 : 0;
      }
      assertThat(stored).isEqualTo(1);
      assertThat(store().files().usage("acme")).isEqualTo(600);
    } finally {
      pool.shutdownNow();
    }
  }

  private boolean tryPut(String s) throws Exception {
    try {
      put("acme", "f.txt", s.getBytes());
      return true;
    } catch (FileRepository.QuotaExceeded e) {
      return false;
    }
  }

  @Test
  void namesAreSanitisedAndNeverPaths() throws Exception {
    StoredFile f = put("acme", "../../etc/passwd", "root:x:0:0\n".getBytes());
    assertThat(f.name()).isEqualTo("passwd");
    assertThat(dir.resolve("etc")).doesNotExist();
    assertThat(FileTypes.sanitise("..\\..\\boot.ini")).isEqualTo("boot.ini");
    assertThat(FileTypes.sanitise("a\u0000b\r\n.txt")).isEqualTo("a_b__.txt");
    assertThat(FileTypes.sanitise("...")).isEqualTo("file");
    assertThat(FileTypes.sanitise("report\u202Efdp.exe")).isEqualTo("report_fdp.exe");
    assertThat(FileTypes.sanitise("x".repeat(300) + ".pdf")).hasSize(200).endsWith(".pdf");
  }

  @Test
  void textIsTypedByItsNameOnlyAmongTextTypes() throws Exception {
    assertThat(put("acme", "a.csv", "a,b\n1,2\n".getBytes()).contentType()).isEqualTo("text/csv");
    assertThat(put("acme", "a.json", "{\"a\": 1}".getBytes()).contentType())
        .isEqualTo("application/json");
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H'};
    assertThat(put("acme", "a.csv", png).contentType()).isEqualTo("image/png");
    assertThatThrownBy(() -> put("acme", "page.txt", "<html><script>x</script></html>".getBytes()))
        .as("HTML is not stored: it would run in a browser")
        .isInstanceOf(FileStore.Refused.class);
    assertThatThrownBy(() -> put("acme", "empty.txt", new byte[0]))
        .isInstanceOfSatisfying(
            FileStore.Refused.class, r -> assertThat(r.code).isEqualTo("empty"));
  }

  @Test
  void theDlpScanFindsThePlantedCardAndKeyAndRaisesAnEvent() throws Exception {
    String planted =
        "order 1234, paid with 4111 1111 1111 1111 on 2026-11-30\n"
            + "deploy key AKIAIOSFODNN7EXAMPLE in ci.env\n"
            + "tracking 4111 1111 1111 1112 (not a card: Luhn fails)\n";
    StoredFile f = put("acme", "export.txt", planted.getBytes());
    assertThat(f.dlpScanned()).isTrue();
    assertThat(f.dlp())
        .extracting(d -> d.pattern() + "×" + d.count() + "@" + d.firstLine() + " " + d.sample())
        .containsExactly(
            "payment_card×1@1 **** **** **** 1111", "aws_access_key×1@2 ****************MPLE");
    String event =
        new TenantJdbc(db)
            .inTenant(
                "acme",
                j ->
                    j.sql(
                            "select message from events where tenant_id = 'acme' and action ="
                                + " 'dlp_match'")
                        .query(String.class)
                        .single());
    assertThat(event).contains("export.txt").contains("payment_card ×1");
    assertThat(event).doesNotContain("4111 1111 1111 1111");
    StoredFile clean = put("acme", "clean.txt", "nothing to see\n".getBytes());
    assertThat(clean.dlp()).isEmpty();
  }

  @Test
  void aTenantsOwnPatternIsScannedToo() throws Exception {
    TestDatabase.execute(
        db,
        "insert into tenant_settings (tenant_id, updated_by, dlp_patterns) values ('acme', 'test',"
            + " '[{\"name\": \"project_codename\", \"regex\": \"BLUE-HERON-\\\\d{3}\"}]')");
    StoredFile f = put("acme", "memo.md", "status of BLUE-HERON-042\n".getBytes());
    assertThat(f.contentType()).isEqualTo("text/markdown");
    assertThat(f.dlp()).extracting(d -> d.pattern()).containsExactly("project_codename");
  }

  @Test
  void filesAreListedNewestFirstWithFiltersAndCursorsAndHiddenFromOtherTenants() throws Exception {
    for (int i = 0; i < 5; i++) {
      store()
          .store(
              "acme",
              "file-" + i + ".txt",
              text("content " + i),
              i % 2 == 0 ? List.of("even") : List.of("odd"),
              "ana",
              "upload",
              i == 4 ? "audit.read" : null);
    }
    var first = store().files().list("acme", all(), 2, null);
    assertThat(first.items())
        .extracting(StoredFile::name)
        .containsExactly("file-4.txt", "file-3.txt");
    var second = store().files().list("acme", all(), 2, first.nextCursor());
    assertThat(second.items())
        .extracting(StoredFile::name)
        .containsExactly("file-2.txt", "file-1.txt");
    assertThat(
            store()
                .files()
                .list("acme", new Filter("even", null, null, null, null, null, null), 10, null)
                .items())
        .hasSize(3);
    assertThat(
            store()
                .files()
                .list("acme", new Filter(null, "text/", null, null, null, "FILE-3", null), 10, null)
                .items())
        .extracting(StoredFile::name)
        .containsExactly("file-3.txt");
    assertThat(
            store()
                .files()
                .list(
                    "acme",
                    new Filter(null, null, null, null, null, null, List.of("file.read")),
                    10,
                    null)
                .items())
        .as("the audit report needs audit.read")
        .extracting(StoredFile::name)
        .doesNotContain("file-4.txt")
        .hasSize(4);
    String id = first.items().get(0).id();
    assertThat(store().files().get("beta", id)).isEmpty();
    assertThat(store().delete("beta", id)).isEmpty();
    assertThat(store().files().get("acme", id)).isPresent();
  }

  @Test
  void readingContentThatIsGoneSaysSo() throws Exception {
    StoredFile f = put("acme", "a.txt", "a".getBytes());
    Files.delete(dir.resolve("files/acme/" + f.sha256().substring(0, 2) + "/" + f.sha256()));
    assertThatThrownBy(() -> store().open("acme", f)).isInstanceOf(NoSuchFileException.class);
  }
}
