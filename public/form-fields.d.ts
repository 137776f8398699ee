// Types of public/form-fields.js for the TypeScript tests.
export interface FormField {
  name: string
  label?: string
  legend?: string
  control: 'select' | 'number' | 'textarea' | 'checks'
  options?: Array<[string, string]>
  selected?: string
  attributes?: Record<string, string | number>
  text?: string
  custom?: boolean
  wide?: boolean
  choice?: boolean
  noError?: boolean
}
export const ESTIMATE_FIELDS: FormField[]
export const LOAD_FIELDS: FormField[]
export const COMPARE_FIELDS: FormField[]
