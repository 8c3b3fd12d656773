/**
 * Recognises Go-template (Helm) content. Argo Rollouts itself uses `{{args.name}}` and
 * `{{templates.x.podTemplateHash}}` placeholders inside strings, which are ordinary YAML and must
 * still be validated; Helm's actions (`{{ .Values.x }}`, `{{- if }}`, `{{ include }}`) make a file
 * a template that only renders into YAML, so validating it would be noise.
 */
const HELM_ACTION = /\{\{-|-\}\}|\{\{\/\*|\{\{\s*(\.|\$|if\b|else\b|end\b|range\b|with\b|define\b|template\b|include\b|toYaml\b|tpl\b|required\b|default\b|quote\b|nindent\b|indent\b|printf\b|block\b|lookup\b)/;

export function isGoTemplate(text: string): boolean {
  return text.includes('{{') && HELM_ACTION.test(text);
}
