/**
 * Arrays of numbers as parameters and results: primitive arrays read from JSON lists,
 * base64 and binary strings, and {@link io.ujrpc.array.NdArray}, an n-dimensional array
 * in the formats NumPy clients send.
 */
@NullMarked
package io.ujrpc.array;

import org.jspecify.annotations.NullMarked;
