package org.localexpert.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The app's promise is that nothing leaves the phone. This reads the merged manifest — the one aapt2
 * links into the APK, after every library has added its own entries — and fails if any network
 * permission got in, or if backups could copy the user's data off the phone.
 */
public class MergedManifestPrivacyTest {

    private static final String ANDROID_NS = "http://schemas.android.com/apk/res/android";

    /** Permissions that let an app talk to other machines, by name part: internet, network state, Wi-Fi, radios. */
    private static final Pattern NETWORK_PERMISSION =
            Pattern.compile("INTERNET|NETWORK|WIFI|BLUETOOTH|NFC|NEARBY|UWB|ACCOUNT");

    @Test
    public void mergedManifestHasNoNetworkPermission() throws Exception {
        Document manifest = parse(Files.newInputStream(mergedManifest().toPath()));
        List<String> permissions = requestedPermissions(manifest);
        // Guard against reading the wrong or an empty file: WorkManager always asks for WAKE_LOCK.
        assertTrue("expected the merged manifest with the libraries' permissions, got " + permissions,
                permissions.contains("android.permission.WAKE_LOCK"));
        assertEquals("network permissions in the merged manifest", new ArrayList<String>(), networkPermissions(permissions));
    }

    @Test
    public void mergedManifestDisallowsBackups() throws Exception {
        Document manifest = parse(Files.newInputStream(mergedManifest().toPath()));
        Element application = (Element) manifest.getElementsByTagName("application").item(0);
        assertEquals("false", application.getAttributeNS(ANDROID_NS, "allowBackup"));
        // Android 12+ transfers data between devices despite allowBackup="false" unless rules exclude it.
        assertEquals("@xml/data_extraction_rules", application.getAttributeNS(ANDROID_NS, "dataExtractionRules"));
        assertEquals("org.localexpert.app", manifest.getDocumentElement().getAttribute("package"));
    }

    /**
     * Targeting Android 14+ (here 36), a foreground service must declare its type and hold that type's permission or
     * startForeground throws: WorkManager's SystemForegroundService, which runs "Train my model", must keep dataSync
     * through the merge (TrainingNotifications passes FOREGROUND_SERVICE_TYPE_DATA_SYNC to match).
     */
    @Test
    public void trainingForegroundServiceKeepsItsTypeAndPermission() throws Exception {
        Document manifest = parse(Files.newInputStream(mergedManifest().toPath()));
        NodeList services = manifest.getElementsByTagName("service");
        String type = null;
        for (int i = 0; i < services.getLength(); i++) {
            Element e = (Element) services.item(i);
            if (e.getAttributeNS(ANDROID_NS, "name").equals("androidx.work.impl.foreground.SystemForegroundService")) {
                type = e.getAttributeNS(ANDROID_NS, "foregroundServiceType");
            }
        }
        assertEquals("dataSync", type);
        List<String> permissions = requestedPermissions(manifest);
        assertTrue(permissions.toString(), permissions.contains("android.permission.FOREGROUND_SERVICE"));
        assertTrue(permissions.toString(), permissions.contains("android.permission.FOREGROUND_SERVICE_DATA_SYNC"));
        Element usesSdk = (Element) manifest.getElementsByTagName("uses-sdk").item(0);
        assertEquals("36", usesSdk.getAttributeNS(ANDROID_NS, "targetSdkVersion"));
        assertEquals("26", usesSdk.getAttributeNS(ANDROID_NS, "minSdkVersion"));
    }

    /** Predictive back everywhere it exists, and native libraries mapped from the APK (stored, 16 KB-aligned). */
    @Test
    public void mergedManifestOptsIntoPredictiveBackAndUnextractedNativeLibraries() throws Exception {
        Document manifest = parse(Files.newInputStream(mergedManifest().toPath()));
        Element application = (Element) manifest.getElementsByTagName("application").item(0);
        assertEquals("true", application.getAttributeNS(ANDROID_NS, "enableOnBackInvokedCallback"));
        assertEquals("false", application.getAttributeNS(ANDROID_NS, "extractNativeLibs"));
    }

    /** The check itself must catch the permissions it is there for. */
    @Test
    public void checkRecognisesNetworkPermissions() throws Exception {
        String xml = "<manifest xmlns:android='" + ANDROID_NS + "' package='x'>"
                + "<uses-permission android:name='android.permission.INTERNET'/>"
                + "<uses-permission-sdk-23 android:name='android.permission.ACCESS_WIFI_STATE'/>"
                + "<uses-permission android:name='android.permission.WAKE_LOCK'/></manifest>";
        List<String> found = networkPermissions(requestedPermissions(
                parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))));
        assertEquals(List.of("android.permission.INTERNET", "android.permission.ACCESS_WIFI_STATE"), found);
    }

    private static File mergedManifest() {
        String path = System.getProperty("localexpert.mergedManifest");
        File file = path == null ? new File("target/android/AndroidManifest.xml") : new File(path);
        assertTrue("merged manifest not found at " + file + " (it is written by the build's resources step)", file.isFile());
        return file;
    }

    private static Document parse(InputStream in) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        try (InputStream s = in) {
            return factory.newDocumentBuilder().parse(s);
        }
    }

    private static List<String> requestedPermissions(Document manifest) {
        List<String> names = new ArrayList<>();
        for (String tag : new String[] {"uses-permission", "uses-permission-sdk-23", "uses-permission-sdk-m"}) {
            NodeList nodes = manifest.getElementsByTagName(tag);
            for (int i = 0; i < nodes.getLength(); i++) names.add(((Element) nodes.item(i)).getAttributeNS(ANDROID_NS, "name"));
        }
        return names;
    }

    private static List<String> networkPermissions(List<String> permissions) {
        List<String> found = new ArrayList<>();
        for (String p : permissions) if (NETWORK_PERMISSION.matcher(p.toUpperCase(java.util.Locale.ROOT)).find()) found.add(p);
        return found;
    }
}
