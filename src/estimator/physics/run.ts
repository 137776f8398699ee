// What a self-hosted run's answer is built on and that does not depend on its load: the memory it
// takes and the engine's efficiency on its device. One home for the run's efficiencyFor arguments, so
// /compare's planner can work both out once and hand them to the row's report.
import type { SelfHostedScenario } from '../scenario.js'
import { efficiencyFor, type Efficiency } from './efficiency.js'
import { memoryFor, type MemoryResult } from './memory.js'
import { moeLayerCount } from './model.js'

export interface RunPhysics {
  memory: MemoryResult
  efficiency: Efficiency
}

export function runPhysicsOf(scenario: SelfHostedScenario): RunPhysics {
  const { engine, hardware, model } = scenario
  return { memory: memoryFor(scenario), efficiency: efficiencyFor(engine, hardware.kind, scenario.precision, model.architecture.layers, moeLayerCount(model.architecture)) }
}
