{{/* The chart's name, and the release's full name (release-chart, unless overridden), at most 63 characters. */}}
{{- define "fns.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "fns.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "fns.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "fns.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* The recommended labels (https://helm.sh/docs/chart_best_practices/labels/). */}}
{{- define "fns.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "fns.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: fhir-note-service
{{- end }}

{{/* Selector labels of one role: worker or receiver (pass a dict with "root" and "component"). */}}
{{- define "fns.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fns.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "fns.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "fns.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The environment both roles share: settings from the ConfigMap, secrets by reference. */}}
{{- define "fns.env" -}}
- name: Messaging__RabbitMq__Username
  valueFrom:
    secretKeyRef: { name: {{ .Values.secrets.rabbitmq.existingSecret | quote }}, key: {{ .Values.secrets.rabbitmq.usernameKey | quote }} }
- name: Messaging__RabbitMq__Password
  valueFrom:
    secretKeyRef: { name: {{ .Values.secrets.rabbitmq.existingSecret | quote }}, key: {{ .Values.secrets.rabbitmq.passwordKey | quote }} }
{{- if .Values.secrets.model.existingSecret }}
- name: Generation__ApiKey
  valueFrom:
    secretKeyRef: { name: {{ .Values.secrets.model.existingSecret | quote }}, key: {{ .Values.secrets.model.apiKeyKey | quote }} }
{{- end }}
{{- end }}

{{- define "fns.envFrom" -}}
- configMapRef:
    name: {{ include "fns.fullname" . }}-settings
{{- if .Values.secrets.fhir.existingSecret }}
# Every key of this Secret becomes a setting (e.g. Fhir__ClientSecret); keys are named as the settings are.
- secretRef:
    name: {{ .Values.secrets.fhir.existingSecret | quote }}
{{- end }}
{{- end }}

{{/* The pod and container security context: non-root, read-only root, no capabilities, RuntimeDefault seccomp. */}}
{{- define "fns.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1654
runAsGroup: 1654
fsGroup: 1654
seccompProfile: { type: RuntimeDefault }
{{- end }}

{{- define "fns.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities: { drop: [ALL] }
{{- end }}
