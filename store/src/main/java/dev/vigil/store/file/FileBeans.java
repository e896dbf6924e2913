package dev.vigil.store.file;

import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The file store, for every app that stores or reads files: the API (uploads, downloads) and the
 * worker (generated reports). Both import this class, so the standalone app has it once.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FileStoreProperties.class)
public class FileBeans {

  @Bean(destroyMethod = "")
  FileStore fileStore(DataSource ds, FileStoreProperties props) {
    return props.open(ds, java.time.Clock.systemUTC());
  }
}
