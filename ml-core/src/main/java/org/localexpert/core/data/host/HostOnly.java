package org.localexpert.core.data.host;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class that runs on the host JVM only (it uses javax.imageio or java.awt, which Android
 * lacks). The animal-sniffer Android API 26 check skips classes with this annotation (configured
 * in ml-core/pom.xml); the app must not call them and brings its own implementation instead.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface HostOnly {
}
