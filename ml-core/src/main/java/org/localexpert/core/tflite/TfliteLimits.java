package org.localexpert.core.tflite;

/**
 * Upper bounds the reader enforces before it allocates anything, so a hostile file cannot make it
 * run out of memory or spin: every count is far above what a phone-sized CNN needs (MobileNet v1 has
 * 31 operators, 89 tensors) and far below what would hurt.
 */
public final class TfliteLimits {
    private TfliteLimits() {}

    /** Largest file the reader accepts (the shipped models are a few MB). */
    public static final int MAX_FILE_BYTES = 256 << 20;
    public static final int MAX_SUBGRAPHS = 64;
    public static final int MAX_TENSORS = 100_000;
    public static final int MAX_OPERATORS = 100_000;
    public static final int MAX_OPERATOR_CODES = 4_096;
    public static final int MAX_BUFFERS = 200_000;
    public static final int MAX_METADATA = 256;
    /** Inputs/outputs of one operator or subgraph. */
    public static final int MAX_OPERANDS = 4_096;
    public static final int MAX_RANK = 8;
    /** Largest single dimension and largest element count of one tensor. */
    public static final int MAX_DIM = 1 << 24;
    public static final long MAX_ELEMENTS = 1L << 28;
    /** Total number of flatbuffer tables the verifier will visit. */
    public static final int MAX_TABLES = 2_000_000;
    /** Highest builtin operator code accepted (the schema has ~160; newer runtimes add more). */
    public static final int MAX_BUILTIN_CODE = 1_000;
}
