import { BrowserRouter, Navigate, NavLink, Route, Routes } from 'react-router-dom';
import { useState } from 'react';
import { SessionProvider, useSession } from '../features/auth/session';
import { SignIn } from '../features/auth/sign-in';
import { Inbox } from '../features/approvals/inbox';
import { RunsList } from '../features/runs/runs-list';
import { RunDetail } from '../features/runs/run-detail';
import { PlaybooksList } from '../features/playbooks/playbooks-list';
import { PlaybookEditor } from '../features/playbooks/playbook-editor';
import { Dashboard } from '../features/dashboard/dashboard';
import { AlertsList } from '../features/alerts/components/alerts-list';
import { AlertDetail } from '../features/alerts/components/alert-detail';
import { EventsSearch } from '../features/events/components/events-search';
import { DetectionsList } from '../features/detections/components/detections-list';
import { DetectionEditor } from '../features/detections/components/detection-editor';
import { SigmaImport } from '../features/detections/components/sigma-import';
import { SourcesList } from '../features/sources/components/sources-list';
import { IncidentsQueue } from '../features/incidents/components/incidents-queue';
import { IncidentPage } from '../features/incidents/components/incident-page';
import { NodesList } from '../features/nodes/components/nodes-list';
import { IntegrationsList } from '../features/integrations/components/integrations-list';
import { WazuhAgents } from '../features/wazuh/components/wazuh-agents';
import { AgentDetail } from '../features/wazuh/components/agent-detail';
import { MembersPage } from '../features/settings/components/members-page';
import { TenantPage } from '../features/settings/components/tenant-page';
import { BillingPage } from '../features/settings/components/billing-page';
import { getEntitlements, type Entitlements } from '../features/settings/api/tenant';
import { unlockedBy } from '../features/settings/api/billing';
import { formatTime } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { NotificationsPage } from '../features/notifications/components/notifications-page';
import { ScansPage } from '../features/scans/components/scans-page';
import { ScanDetail } from '../features/scans/components/scan-detail';
import { DownloadsPage } from '../features/files/components/downloads-page';
import { FileDetail } from '../features/files/components/file-detail';
import { Loading } from '../components/states';
import { explainProblem } from '../lib/problems';

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Shell />
      </BrowserRouter>
    </SessionProvider>
  );
}

function Shell() {
  const { me, checking } = useSession();
  if (checking) return <Loading what="Vigil" />;
  if (!me) return <SignIn />;
  return <SignedIn />;
}

/** A marker on a module's menu entry when the tenant's plan does not include it. */
function Lock({ plan, module }: { plan: Entitlements | null; module: string }) {
  if (!plan || plan.modules.includes(module)) return null;
  const by = unlockedBy(plan, module);
  return (
    <span className="lock" title={`Not in the ${plan.title} plan${by ? `: the ${by.title} plan includes it` : ''}`}>
      {' '}
      🔒
    </span>
  );
}

/** On every page during a grace period: the plan ends unless the payment method is fixed. */
function GraceBanner({ plan }: { plan: Entitlements | null }) {
  if (!plan?.graceUntil) return null;
  return (
    <p role="alert" className="notice" aria-label="grace period">
      A payment failed: the {plan.title} plan is kept until {formatTime(plan.graceUntil)}, then the tenant moves to the free plan.{' '}
      <NavLink to="/settings/billing">Update the payment method</NavLink>
    </p>
  );
}

function SignedIn() {
  const { me, signOut, switchTenant, can } = useSession();
  const [error, setError] = useState<string | null>(null);
  const mayRead = can('settings.read');
  const plan = useLoad(() => (mayRead ? getEntitlements() : Promise.resolve(null)), [me?.tenant, mayRead]).data;
  if (!me) return null;
  // Analysts land on the incident queue (which points at waiting approvals); others on the dashboard.
  const landing = me.roles.includes('analyst') && me.permissions.includes('incident.read') ? '/incidents' : '/dashboard';
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Vigil</span>
        <nav aria-label="main">
          {can('incident.read') && <NavLink to="/incidents">Incidents</NavLink>}
          {can('alert.read') && <NavLink to="/alerts">Alerts</NavLink>}
          <NavLink to="/approvals">Approvals</NavLink>
          <NavLink to="/runs">Runs</NavLink>
          <NavLink to="/playbooks">Playbooks</NavLink>
          {can('detection.read') && <NavLink to="/detections">Detections</NavLink>}
          {can('event.read') && <NavLink to="/events">Events</NavLink>}
          {can('event.read') && <NavLink to="/sources">Sources</NavLink>}
          {can('wazuh.read') && (
            <NavLink to="/wazuh">
              Wazuh
              <Lock plan={plan} module="wazuh" />
            </NavLink>
          )}
          {can('scan.read') && (
            <NavLink to="/scans">
              Scans
              <Lock plan={plan} module="scans" />
            </NavLink>
          )}
          {can('file.read') && (
            <NavLink to="/downloads">
              Downloads
              <Lock plan={plan} module="downloads" />
            </NavLink>
          )}
          <NavLink to="/dashboard">Dashboard</NavLink>
          {can('integration.read') && <NavLink to="/settings/integrations">Integrations</NavLink>}
          <NavLink to="/settings/access">{can('user.read') ? 'Members' : 'API keys'}</NavLink>
          <NavLink to="/settings/tenant">Tenant</NavLink>
          {can('settings.read') && <NavLink to="/settings/notifications">Notifications</NavLink>}
          {mayRead && <NavLink to="/settings/billing">Billing</NavLink>}
          {me.platformOwner && <NavLink to="/nodes">Nodes</NavLink>}
        </nav>
        <div className="who">
          {me.tenants.length > 1 ? (
            <label className="inline">
              <span className="sr-only">Tenant</span>
              <select
                aria-label="tenant"
                value={me.tenant}
                onChange={(e) => switchTenant(e.target.value).catch((x) => setError(explainProblem(x)))}
              >
                {me.tenants.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <span className="tenant">{me.tenants[0]?.name ?? me.tenant}</span>
          )}
          <span className="user" data-testid="who">
            {me.displayName} · <strong>{me.role}</strong>
          </span>
          <button type="button" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <main className="content" key={me.tenant}>
        <GraceBanner plan={plan} />
        <Routes>
          <Route path="/" element={<Navigate to={landing} replace />} />
          <Route path="/incidents" element={<IncidentsQueue />} />
          <Route path="/incidents/:id" element={<IncidentPage />} />
          <Route path="/approvals" element={<Inbox />} />
          <Route path="/runs" element={<RunsList />} />
          <Route path="/runs/:runId" element={<RunDetail />} />
          <Route path="/playbooks" element={<PlaybooksList />} />
          <Route path="/playbooks/new" element={<PlaybookEditor />} />
          <Route path="/playbooks/:key" element={<PlaybookEditor />} />
          <Route path="/dashboard" element={<Dashboard />} />
          <Route path="/alerts" element={<AlertsList />} />
          <Route path="/alerts/:id" element={<AlertDetail />} />
          <Route path="/events" element={<EventsSearch />} />
          <Route path="/scans" element={<ScansPage />} />
          <Route path="/scans/:id" element={<ScanDetail />} />
          <Route path="/downloads" element={<DownloadsPage />} />
          <Route path="/downloads/:id" element={<FileDetail />} />
          <Route path="/detections" element={<DetectionsList />} />
          <Route path="/detections/new" element={<DetectionEditor />} />
          <Route path="/detections/sigma" element={<SigmaImport />} />
          <Route path="/detections/:key" element={<DetectionEditor key="edit" />} />
          <Route path="/sources" element={<SourcesList />} />
          <Route path="/wazuh" element={<WazuhAgents />} />
          <Route path="/wazuh/:connection" element={<WazuhAgents />} />
          <Route path="/wazuh/:connection/agents/:id" element={<AgentDetail />} />
          <Route path="/nodes" element={<NodesList />} />
          <Route path="/settings/integrations" element={<IntegrationsList />} />
          <Route path="/settings/access" element={<MembersPage />} />
          <Route path="/settings/tenant" element={<TenantPage />} />
          <Route path="/settings/notifications" element={<NotificationsPage />} />
          <Route path="/settings/billing" element={<BillingPage />} />
          <Route path="*" element={<p>There is nothing here. Use the menu above.</p>} />
        </Routes>
      </main>
    </div>
  );
}
