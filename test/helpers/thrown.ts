// The error a call throws, when it is of the expected class; the test fails otherwise.
export function thrown<E extends Error>(ErrorClass: abstract new (...args: never[]) => E, run: () => unknown): E {
  try {
    run()
  } catch (err) {
    if (err instanceof ErrorClass) return err
    throw err
  }
  throw new Error(`expected a ${ErrorClass.name}`)
}
