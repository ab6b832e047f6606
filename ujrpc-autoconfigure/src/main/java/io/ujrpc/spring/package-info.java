/**
 * Spring glue of the ujrpc server: method detection, lifecycle, TLS from SSL bundles,
 * failure analysis.
 */
@NullMarked
package io.ujrpc.spring;

import org.jspecify.annotations.NullMarked;
