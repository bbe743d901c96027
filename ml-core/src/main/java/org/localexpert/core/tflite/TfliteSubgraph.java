package org.localexpert.core.tflite;

import java.util.ArrayList;
import java.util.List;

/**
 * A subgraph: its tensors, the operators in execution order, and which tensors are the graph's
 * inputs and outputs. The lists are live and mutable so exporters can build a graph step by step.
 */
public final class TfliteSubgraph {
    private String name;
    private final List<TfliteTensor> tensors = new ArrayList<>();
    private final List<TfliteOperator> operators = new ArrayList<>();
    private int[] inputs = new int[0];
    private int[] outputs = new int[0];

    public TfliteSubgraph(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<TfliteTensor> tensors() {
        return tensors;
    }

    public TfliteTensor tensor(int index) {
        return tensors.get(index);
    }

    /** Adds a tensor and returns its index. */
    public int addTensor(TfliteTensor t) {
        tensors.add(t);
        return tensors.size() - 1;
    }

    public List<TfliteOperator> operators() {
        return operators;
    }

    public void addOperator(TfliteOperator op) {
        operators.add(op);
    }

    public int[] inputs() {
        return inputs.clone();
    }

    public void setInputs(int... inputs) {
        this.inputs = inputs.clone();
    }

    public int[] outputs() {
        return outputs.clone();
    }

    public void setOutputs(int... outputs) {
        this.outputs = outputs.clone();
    }

    /** Index of the tensor with this name, or -1. */
    public int tensorIndex(String tensorName) {
        for (int i = 0; i < tensors.size(); i++) {
            if (tensorName.equals(tensors.get(i).name())) return i;
        }
        return -1;
    }
}
