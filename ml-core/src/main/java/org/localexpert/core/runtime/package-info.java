/**
 * Running models: {@link org.localexpert.core.runtime.InferenceEngine} is the one interface the
 * app, the host tools and the tests predict through. {@link org.localexpert.core.runtime.JavaEngine}
 * runs an ml-core model anywhere; the CLI's {@code org.localexpert.host.HostTfliteEngine} runs real
 * TensorFlow Lite on a Linux x86-64 host (DJL's native build, in cli/ only); the app supplies its own
 * implementation over the Android TFLite aars (GPU delegate or XNNPACK).
 */
package org.localexpert.core.runtime;
