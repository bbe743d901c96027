/**
 * "Unsure": when the model should not answer. {@link org.localexpert.core.abstain.ConfidenceThreshold}
 * is the calibrated cut on the top probability, {@link org.localexpert.core.abstain.InputCheck} the
 * input statistics that catch images that are not photos of the domain at all, and
 * {@link org.localexpert.core.abstain.AbstentionRule} joins the two into one decision with a reason.
 */
package org.localexpert.core.abstain;
