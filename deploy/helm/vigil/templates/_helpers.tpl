{{/* Chart name, at most 63 characters. */}}
{{- define "vigil.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: <release>-vigil, or the release name when it already contains "vigil". */}}
{{- define "vigil.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels of every resource. */}}
{{- define "vigil.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "vigil.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: vigil
{{- end }}

{{/* Selector labels of one component: include "vigil.selectorLabels" (list . "api"). */}}
{{- define "vigil.selectorLabels" -}}
{{- $root := index . 0 }}
app.kubernetes.io/name: {{ include "vigil.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{/* The Secret with the sensitive settings: the chart's own, or secrets.existingSecret. */}}
{{- define "vigil.secretName" -}}
{{- default (include "vigil.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{- define "vigil.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "vigil.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* image reference of one component: include "vigil.image" (list . .Values.api.image) */}}
{{- define "vigil.image" -}}
{{- $root := index . 0 }}
{{- $image := index . 1 }}
{{- printf "%s:%s" $image.repository (default $root.Chart.AppVersion $image.tag) }}
{{- end }}

{{/*
Settings both apps read (the ConfigMaps of api and worker start with these).
*/}}
{{- define "vigil.commonConfig" -}}
VIGIL_DB_URL: {{ .Values.postgresql.url | quote }}
VIGIL_DB_USER: {{ .Values.postgresql.user | quote }}
VIGIL_TEMPORAL_ADDRESS: {{ .Values.temporal.address | quote }}
VIGIL_TEMPORAL_NAMESPACE: {{ .Values.temporal.namespace | quote }}
VIGIL_LOG_FORMAT: {{ .Values.config.logFormat | quote }}
VIGIL_TRACING_ENABLED: {{ .Values.config.tracingEnabled | quote }}
VIGIL_OTLP_ENDPOINT: {{ .Values.config.otlpEndpoint | quote }}
VIGIL_TRACING_SAMPLING: {{ .Values.config.tracingSampling | quote }}
VIGIL_METRICS_ENABLED: {{ .Values.config.metricsEnabled | quote }}
VIGIL_FILES_BACKEND: {{ .Values.files.backend | quote }}
VIGIL_FILES_DIR: "/var/lib/vigil/files"
{{- if eq .Values.files.backend "s3" }}
VIGIL_FILES_S3_BUCKET: {{ .Values.files.s3.bucket | quote }}
VIGIL_FILES_S3_PREFIX: {{ .Values.files.s3.prefix | quote }}
VIGIL_FILES_S3_REGION: {{ .Values.files.s3.region | quote }}
VIGIL_FILES_S3_ENDPOINT: {{ .Values.files.s3.endpoint | quote }}
VIGIL_FILES_S3_PATH_STYLE: {{ .Values.files.s3.pathStyle | quote }}
{{- end }}
{{- end }}

{{/*
The file store's volume (uploads, reports): the shared claim, or an emptyDir for a trial.
*/}}
{{- define "vigil.filesVolume" -}}
- name: files
{{- if .Values.files.existingClaim }}
  persistentVolumeClaim:
    claimName: {{ .Values.files.existingClaim }}
{{- else }}
  emptyDir: {}
{{- end }}
{{- end }}

{{/*
Environment of a container besides its ConfigMap: the database password (from
postgresql.existingSecret when given, else from the chart's Secret or secrets.existingSecret), the
given keys of that Secret (each optional: an unset value is simply absent), JAVA_TOOL_OPTIONS,
then extraEnv. Each container gets only the secrets its app reads.
include "vigil.env" (list . .Values.api (list "VIGIL_PAYLOAD_KEY" ...))
*/}}
{{- define "vigil.env" -}}
{{- $root := index . 0 }}
{{- $component := index . 1 }}
{{- $keys := index . 2 }}
{{- if $root.Values.postgresql.existingSecret }}
- name: VIGIL_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.postgresql.existingSecret }}
      key: {{ $root.Values.postgresql.existingSecretKey }}
{{- else }}
- name: VIGIL_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "vigil.secretName" $root }}
      key: VIGIL_DB_PASSWORD
      optional: true
{{- end }}
{{- range $keys }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ include "vigil.secretName" $root }}
      key: {{ . }}
      optional: true
{{- end }}
{{- if $component.javaOpts }}
- name: JAVA_TOOL_OPTIONS
  value: {{ $component.javaOpts | quote }}
{{- end }}
{{- with $component.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}
