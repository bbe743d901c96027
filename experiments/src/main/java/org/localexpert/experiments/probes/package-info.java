/**
 * One-off design probes whose figures the model cards quote (issue 18, session 9), kept so that every figure can be
 * re-run: {@code java -cp experiments/target/localexpert-experiments.jar org.localexpert.experiments.probes.<Probe> ARGS}
 * from the project root. Each prints what the card says; none is used by a command, a test or the app.
 */
package org.localexpert.experiments.probes;
