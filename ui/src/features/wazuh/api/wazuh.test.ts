import { enrolmentCommands, keepAliveText, lagText } from './wazuh';

test('enrolment commands name the manager host and the version of the manager, as the Wazuh dashboard writes them', () => {
  expect(enrolmentCommands('https://wazuh.example.com:55000', 'Wazuh v4.12.1', 'linux-deb', 'web')).toEqual([
    "wget https://packages.wazuh.com/4.x/apt/pool/main/w/wazuh-agent/wazuh-agent_4.12.1-1_amd64.deb && sudo WAZUH_MANAGER='wazuh.example.com' WAZUH_AGENT_GROUP='web' dpkg -i ./wazuh-agent_4.12.1-1_amd64.deb",
    'sudo systemctl daemon-reload && sudo systemctl enable wazuh-agent && sudo systemctl start wazuh-agent',
  ]);
  expect(enrolmentCommands('https://10.0.0.2:55000', 'v4.7.4', 'windows')[0]).toBe(
    "Invoke-WebRequest -Uri https://packages.wazuh.com/4.x/windows/wazuh-agent-4.7.4-1.msi -OutFile $env:tmp\\wazuh-agent; msiexec.exe /i $env:tmp\\wazuh-agent /q WAZUH_MANAGER='10.0.0.2'",
  );
  expect(enrolmentCommands('https://w.example.com', null, 'macos')[0]).toContain('wazuh-agent-4.14.1-1.intel64.pkg');
  expect(enrolmentCommands('https://w.example.com', 'Wazuh v4.9.0', 'linux-rpm')[0]).toContain("sudo WAZUH_MANAGER='w.example.com' rpm -ihv wazuh-agent-4.9.0-1.x86_64.rpm");
});

test('lags read as people say them', () => {
  expect(lagText(null)).toBe('never');
  expect(lagText(42)).toBe('42 s');
  expect(lagText(600)).toBe('10 min');
  expect(lagText(7200)).toBe('2 h');
});

test("the manager's everlasting keep-alive is said, not shown as year 10000", () => {
  expect(keepAliveText('9999-12-31T23:59:59Z', () => 'x')).toBe('never expires');
  expect(keepAliveText('2026-12-01T10:00:00Z', () => 'formatted')).toBe('formatted');
  expect(keepAliveText(null, () => 'x')).toBe('—');
});
