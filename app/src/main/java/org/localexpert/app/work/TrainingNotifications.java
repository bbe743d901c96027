package org.localexpert.app.work;

import android.app.Notification;
import android.app.NotificationChannel;
import android.app.NotificationManager;
import android.app.PendingIntent;
import android.content.Context;
import android.content.pm.ServiceInfo;
import android.os.Build;

import androidx.core.app.NotificationCompat;
import androidx.work.ForegroundInfo;

import org.localexpert.app.R;
import org.localexpert.app.data.Domain;

/** The "Training your model" notification: progress, a cancel action, and the outcome. One id per domain. */
public final class TrainingNotifications {
    public static final String CHANNEL = "training";

    private final Context context;

    public TrainingNotifications(Context context) {
        this.context = context.getApplicationContext();
        NotificationManager nm = context.getSystemService(NotificationManager.class);
        if (nm != null && nm.getNotificationChannel(CHANNEL) == null) {
            NotificationChannel ch = new NotificationChannel(CHANNEL, context.getString(R.string.core_training_channel),
                    NotificationManager.IMPORTANCE_LOW);
            ch.setDescription(context.getString(R.string.core_training_channel_description));
            nm.createNotificationChannel(ch);
        }
    }

    public static int id(String domain) {
        return Domain.HANDWRITING.equals(domain) ? 7001 : 7002;
    }

    private String title(String domain) {
        return context.getString(Domain.HANDWRITING.equals(domain) ? R.string.core_training_title_handwriting : R.string.core_training_title_plant);
    }

    /** The ongoing notification the worker runs in the foreground with. */
    public ForegroundInfo foreground(String domain, float progress, String message, PendingIntent cancel) {
        Notification n = new NotificationCompat.Builder(context, CHANNEL)
                .setSmallIcon(android.R.drawable.stat_notify_sync)
                .setContentTitle(title(domain))
                .setContentText(message)
                .setProgress(100, Math.round(progress * 100), false)
                .setOngoing(true)
                .setOnlyAlertOnce(true)
                .addAction(android.R.drawable.ic_menu_close_clear_cancel, context.getString(R.string.core_training_cancel), cancel)
                .build();
        return Build.VERSION.SDK_INT >= 29
                ? new ForegroundInfo(id(domain), n, ServiceInfo.FOREGROUND_SERVICE_TYPE_DATA_SYNC)
                : new ForegroundInfo(id(domain), n);
    }

    /** Replaces the ongoing notification by the outcome (the model installed, or why training failed). */
    public void finished(String domain, String message) {
        NotificationManager nm = context.getSystemService(NotificationManager.class);
        if (nm == null || !nm.areNotificationsEnabled()) return;
        Notification n = new NotificationCompat.Builder(context, CHANNEL)
                .setSmallIcon(android.R.drawable.stat_notify_sync)
                .setContentTitle(title(domain))
                .setContentText(message)
                .setStyle(new NotificationCompat.BigTextStyle().bigText(message))
                .setAutoCancel(true)
                .build();
        nm.notify(id(domain) + 100, n);
    }
}
