-- The secure file store. Content is stored once per tenant, addressed by its SHA-256
-- (file_blobs: the bytes live in the blob store — a directory or an S3 bucket — under
-- <tenant>/<sha256[0:2]>/<sha256>); files are what users see: a sanitised name, the type found
-- from the content, tags, who stored it, and what the DLP scan found, and which permission a reader needs besides file.read. A file row never outlives
-- its blob row; a blob whose last file is deleted is deleted with it.
create table file_blobs (
  tenant_id   text not null references tenants (id),
  sha256      text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  size        bigint not null check (size >= 0),
  created_at  timestamptz not null default now(),
  primary key (tenant_id, sha256)
);

create table files (
  tenant_id     text not null,
  id            uuid not null,
  name          text not null,
  sha256        text not null,
  size          bigint not null,
  content_type  text not null,
  kind          text not null check (kind in ('upload', 'report')),
  tags          text[] not null default '{}',
  -- the permission a reader needs besides file.read (an audit report: audit.read); null for none
  read_permission text,
  created_by    text not null,
  created_at    timestamptz not null default now(),
  dlp_scanned   boolean not null default false,
  dlp           jsonb not null default '[]',
  primary key (tenant_id, id),
  foreign key (tenant_id, sha256) references file_blobs (tenant_id, sha256)
);
create index files_recent on files (tenant_id, created_at desc, id desc);
create index files_by_tag on files using gin (tags);
create index files_by_blob on files (tenant_id, sha256);

-- The largest upload, the tenant's quota of distinct stored content, and its own DLP patterns
-- ([{name, regex}]) next to the bundled ones.
alter table tenant_settings add column max_upload_bytes bigint not null default 104857600
  check (max_upload_bytes between 1 and 10737418240);
alter table tenant_settings add column file_quota_bytes bigint not null default 10737418240
  check (file_quota_bytes between 1 and 1099511627776);
alter table tenant_settings add column dlp_patterns jsonb not null default '[]';

grant select, insert, update, delete on file_blobs, files to vigil_app;
alter table file_blobs enable row level security;
create policy tenant_isolation on file_blobs to vigil_app
  using (tenant_id = current_setting('vigil.tenant', true))
  with check (tenant_id = current_setting('vigil.tenant', true));
alter table files enable row level security;
create policy tenant_isolation on files to vigil_app
  using (tenant_id = current_setting('vigil.tenant', true))
  with check (tenant_id = current_setting('vigil.tenant', true));
