// A warning of an answer: a stable id a program can match on, and the text for people.
export interface Warning {
  id: string
  text: string
}

export const warn = (id: string, text: string): Warning => ({ id, text })

/** The warnings that apply (rules return undefined when they do not). */
export const present = (warnings: readonly (Warning | undefined)[]): Warning[] => warnings.filter((warning): warning is Warning => warning !== undefined)

/** An answer's warnings: the texts, and their ids in the same order. */
export const warningFields = (warnings: readonly Warning[]) => ({ warnings: warnings.map((warning) => warning.text), warningIds: warnings.map((warning) => warning.id) })
