package io.loginetl;

import io.loginetl.config.Settings;
import io.loginetl.config.StartupException;
import io.loginetl.masking.Field;
import io.loginetl.masking.MaskProcessor;
import io.loginetl.masking.Masker;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the route files say is masked, and into which columns: read the way the pipeline reads them (Camel's
 * routes loader, the same files and settings), in a context that is never started, so that {@code unmask} and
 * {@code rekey} follow an edit of the mask step with nothing to configure twice.
 */
final class DeclaredMasking {

    /** ip into masked_ip, device_id into masked_device_id: what a route that masks is assumed to do without route files. */
    static final List<MaskProcessor.Target> DEFAULT = List.of(new MaskProcessor.Target(Field.IP, "masked_ip"),
            new MaskProcessor.Target(Field.DEVICE_ID, "masked_device_id"));

    private DeclaredMasking() {
    }

    /** The mask steps' targets in the route files; {@link #DEFAULT} when there are no route files here. */
    static List<MaskProcessor.Target> targets(Settings settings, Masker masker) {
        String pattern = settings.unlisted("camel.main.routes-include-pattern", Settings.ROUTES);
        // Built, never started, and not closed: closing it would only log Camel's shutdown lines among the command's output
        CamelContext context = new DefaultCamelContext(false);
        try {
            context.getPropertiesComponent().setLocation(Settings.locations(Settings.profile()));
            context.build();
            context.getRegistry().bind("masker", masker);
            Collection<Resource> files = PluginHelper.getPackageScanResourceResolver(context).findResources(pattern);
            if (files.isEmpty()) {
                return DEFAULT;
            }
            PluginHelper.getRoutesLoader(context).loadRoutes(files);
            List<MaskProcessor.Target> targets = new ArrayList<>();
            context.getRegistry().findByType(MaskProcessor.class).forEach(mask -> targets.addAll(mask.targets()));
            return targets;
        } catch (Exception e) {
            throw new StartupException("cannot read the route files " + pattern + " for what they mask: " + e.getMessage());
        }
    }

    /** The fields those targets mask, and ip and device_id, which tokens made before any edit may hold. */
    static List<Field> fields(List<MaskProcessor.Target> targets) {
        Set<Field> fields = new LinkedHashSet<>();
        targets.forEach(target -> fields.add(target.field()));
        fields.addAll(Field.DEFAULTS);
        return List.copyOf(fields);
    }
}
