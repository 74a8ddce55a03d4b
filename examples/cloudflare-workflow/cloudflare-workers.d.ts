/**
 * The part of the `cloudflare:workers` module this example uses, as
 * @cloudflare/workers-types declares it (not a dependency of this repository;
 * a real project installs it and drops this file).
 */
declare module "cloudflare:workers" {
  /** What `run` receives: the parameters given to `create`, and the instance's id. */
  export type WorkflowEvent<T> = { payload: Readonly<T>; timestamp: Date; instanceId: string };

  export type WorkflowSleepDuration = `${number} ${"second" | "minute" | "hour" | "day" | "week" | "month" | "year"}${"s" | ""}` | number;

  export type WorkflowStepConfig = {
    retries?: { limit: number; delay: WorkflowSleepDuration; backoff?: "constant" | "linear" | "exponential" };
    timeout?: WorkflowSleepDuration;
  };

  /** The `step` of `run`: durable steps and sleeps. */
  export abstract class WorkflowStep {
    do<T>(name: string, callback: () => Promise<T>): Promise<T>;
    do<T>(name: string, config: WorkflowStepConfig, callback: () => Promise<T>): Promise<T>;
    sleep: (name: string, duration: WorkflowSleepDuration) => Promise<void>;
    sleepUntil: (name: string, timestamp: Date | number) => Promise<void>;
  }

  /** A Workflow: extend it and implement `run`. */
  export abstract class WorkflowEntrypoint<Env = unknown, Params = unknown> {
    protected ctx: unknown;
    protected env: Env;
    constructor(ctx: unknown, env: Env);
    run(event: Readonly<WorkflowEvent<Params>>, step: WorkflowStep): Promise<unknown>;
  }
}
