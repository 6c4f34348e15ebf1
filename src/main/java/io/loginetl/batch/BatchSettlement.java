package io.loginetl.batch;

import io.loginetl.message.Delivery;
import io.loginetl.message.LoginRow;
import io.loginetl.message.RowBatch;
import io.loginetl.observability.PipelineMetrics;
import io.loginetl.sqs.SqsDeletes;
import org.apache.camel.Body;
import org.apache.camel.Header;

import java.util.ArrayList;
import java.util.List;

/**
 * The step after the insert: the batch is committed, so each message whose rows are now all committed (and
 * whose exchange has ended) is deleted from its queue, ten per DeleteMessageBatch call; and the batch is counted.
 */
public class BatchSettlement {

    /**
     * The header camel-sql puts the update count in (its SqlConstants.SQL_UPDATE_COUNT), spelled out: camel-sql,
     * and the Spring it brings, may not be on the classpath yet when `camel run` compiles this class.
     */
    static final String SQL_UPDATE_COUNT = "CamelSqlUpdateCount";

    private final SqsDeletes ack;
    private final PipelineMetrics metrics;

    public BatchSettlement(SqsDeletes ack, PipelineMetrics metrics) {
        this.ack = ack;
        this.metrics = metrics;
    }

    /**
     * {@code inserted}: the rows the insert really added (the ledger skips a message loaded before); absent when
     * an edited insert returns rows instead of a count, and then taken to be every row.
     */
    public void committed(@Body RowBatch batch, @Header(SQL_UPDATE_COUNT) Integer inserted) {
        List<LoginRow> rows = batch.rows();
        metrics.batchStored(rows.size(), inserted == null ? rows.size() : inserted);
        List<Delivery> settled = new ArrayList<>(rows.size());
        for (LoginRow row : rows) {
            if (row.delivery().rowDone() != Delivery.Settled.NOT_YET) {
                settled.add(row.delivery());
            }
        }
        ack.delete(settled);
    }
}
