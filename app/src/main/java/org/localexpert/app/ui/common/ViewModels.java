package org.localexpert.app.ui.common;

import androidx.annotation.NonNull;
import androidx.lifecycle.ViewModel;
import androidx.lifecycle.ViewModelProvider;
import androidx.lifecycle.ViewModelStoreOwner;

import java.util.function.Supplier;

/**
 * The one way screens get their ViewModel: built by {@code create} the first time (with the
 * repositories from {@code AppContainer}), then the same instance for as long as the owner lives,
 * across rotations.
 */
public final class ViewModels {
    private ViewModels() {
    }

    public static <T extends ViewModel> T of(ViewModelStoreOwner owner, Class<T> type, Supplier<T> create) {
        ViewModelProvider.Factory factory = new ViewModelProvider.Factory() {
            @NonNull
            @Override
            @SuppressWarnings("unchecked")
            public <V extends ViewModel> V create(@NonNull Class<V> requested) {
                return (V) create.get();
            }
        };
        return new ViewModelProvider(owner, factory).get(type);
    }
}
