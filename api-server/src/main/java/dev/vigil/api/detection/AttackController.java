package dev.vigil.api.detection;

import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import dev.vigil.detections.mitre.MitreAttack;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bundled MITRE ATT&CK® Enterprise catalogue (© The MITRE Corporation, reproduced under its
 * licence): technique and tactic names for the ids rules and alerts carry. The same for every
 * tenant; browsers may keep it for a day.
 */
@RestController
public class AttackController {

  @GetMapping("/api/v1/attack")
  @Requires(Permission.SELF)
  public ResponseEntity<Map<String, Object>> catalogue() {
    MitreAttack attack = MitreAttack.bundled();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", attack.version());
    body.put("techniques", attack.techniques());
    body.put("tactics", attack.tactics());
    body.put(
        "copyright",
        "© The MITRE Corporation. This work is reproduced and distributed with the permission of"
            + " The MITRE Corporation.");
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(1, TimeUnit.DAYS).cachePrivate())
        .body(body);
  }
}
