package dev.vigil.api.system;

import dev.vigil.store.approval.ApprovalRepository;
import dev.vigil.store.audit.AuditLog;
import dev.vigil.store.detection.AlertRepository;
import dev.vigil.store.detection.DetectionRuleRepository;
import dev.vigil.store.event.EventReads;
import dev.vigil.store.event.EventSources;
import dev.vigil.store.event.EventWriter;
import dev.vigil.store.identity.ApiKeyRepository;
import dev.vigil.store.identity.RoleRepository;
import dev.vigil.store.identity.TenantRepository;
import dev.vigil.store.identity.UserRepository;
import dev.vigil.store.playbook.PlaybookRepository;
import dev.vigil.store.run.RunRepository;
import dev.vigil.store.settings.TenantSettingsRepository;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The store's repositories over the application's DataSource. */
@Configuration(proxyBeanMethods = false)
@org.springframework.context.annotation.Import({
  dev.vigil.store.connection.ConnectionBeans.class,
  dev.vigil.store.file.FileBeans.class,
  dev.vigil.store.billing.BillingBeans.class
})
public class StoreBeans {

  @Bean
  PlaybookRepository playbookRepository(DataSource ds) {
    return new PlaybookRepository(ds);
  }

  @Bean
  RunRepository runRepository(DataSource ds) {
    return new RunRepository(ds);
  }

  @Bean
  ApprovalRepository approvalRepository(DataSource ds) {
    return new ApprovalRepository(ds);
  }

  @Bean
  UserRepository userRepository(DataSource ds) {
    return new UserRepository(ds);
  }

  @Bean
  dev.vigil.store.notify.NotificationRepository notificationRepository(DataSource ds) {
    return new dev.vigil.store.notify.NotificationRepository(ds);
  }

  @Bean
  RoleRepository roleRepository(DataSource ds) {
    return new RoleRepository(ds);
  }

  @Bean
  ApiKeyRepository apiKeyRepository(DataSource ds) {
    return new ApiKeyRepository(ds);
  }

  @Bean
  TenantRepository tenantRepository(DataSource ds) {
    return new TenantRepository(ds);
  }

  @Bean
  AuditLog auditLog(DataSource ds) {
    return new AuditLog(ds);
  }

  @Bean
  EventWriter eventWriter(DataSource ds) {
    return new EventWriter(ds);
  }

  @Bean
  EventReads eventReads(DataSource ds) {
    return new EventReads(ds);
  }

  @Bean
  EventSources eventSources(DataSource ds) {
    return new EventSources(ds);
  }

  @Bean
  DetectionRuleRepository detectionRuleRepository(DataSource ds) {
    return new DetectionRuleRepository(ds);
  }

  @Bean
  dev.vigil.store.incident.IncidentReads incidentReads(DataSource ds) {
    return new dev.vigil.store.incident.IncidentReads(ds);
  }

  @Bean
  dev.vigil.store.incident.IncidentPolicyRepository incidentPolicyRepository(DataSource ds) {
    return new dev.vigil.store.incident.IncidentPolicyRepository(ds);
  }

  @Bean
  AlertRepository alertRepository(DataSource ds) {
    return new AlertRepository(ds);
  }

  @Bean
  dev.vigil.store.report.ReportRepository reportRepository(DataSource ds) {
    return new dev.vigil.store.report.ReportRepository(ds);
  }

  @Bean
  dev.vigil.store.report.ReportScheduleRepository reportScheduleRepository(DataSource ds) {
    return new dev.vigil.store.report.ReportScheduleRepository(ds);
  }

  @Bean
  dev.vigil.store.scan.ScanRepository scanRepository(DataSource ds) {
    return new dev.vigil.store.scan.ScanRepository(ds);
  }

  @Bean
  dev.vigil.store.scan.ScanScheduleRepository scanScheduleRepository(DataSource ds) {
    return new dev.vigil.store.scan.ScanScheduleRepository(ds);
  }

  @Bean
  TenantSettingsRepository tenantSettingsRepository(DataSource ds) {
    return new TenantSettingsRepository(ds);
  }
}
