package io.bulwark.node.api;

import io.bulwark.api.v1.BundleActivationResponse;
import io.bulwark.api.v1.ErrorReason;
import io.bulwark.api.v1.GetBundleStatusRequest;
import io.bulwark.api.v1.GetBundleStatusResponse;
import io.bulwark.api.v1.ListBundleVersionsRequest;
import io.bulwark.api.v1.ListBundleVersionsResponse;
import io.bulwark.api.v1.PolicyServiceGrpc;
import io.bulwark.api.v1.PromoteBundleRequest;
import io.bulwark.api.v1.PushBundleRequest;
import io.bulwark.api.v1.PushBundleResponse;
import io.bulwark.api.v1.RollbackBundleRequest;
import io.bulwark.api.v1.SetShadowRequest;
import io.bulwark.api.v1.WriteOptions;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.PromoteBundle;
import io.bulwark.replication.v1.RollbackBundle;
import io.bulwark.replication.v1.SetBundleShadow;
import io.bulwark.state.bundle.Admission;
import io.bulwark.state.bundle.BundleCommands;
import io.bulwark.state.validate.Limits;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * PolicyService: bundle versions on the cluster. A push is verified against the trusted keys and
 * compiled here, before it is proposed (a refused bundle never reaches the log), and again at apply
 * on every replica. Activation changes go through group commit; their replies carry the consistency
 * token at which every node's checks switch. Lists and status read the local replica.
 */
public final class PolicyApi extends PolicyServiceGrpc.PolicyServiceImplBase {

    /** Largest PushBundle request: the bundle bound plus room for the write options. */
    public static final int MAX_PUSH_REQUEST_BYTES = Limits.MAX_BUNDLE_BYTES + 4096;
    private static final int DEFAULT_LIST_LIMIT = 50;
    private static final int MAX_LIST_LIMIT = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(PolicyApi.class);

    private final ServiceContext ctx;

    PolicyApi(ServiceContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void pushBundle(PushBundleRequest request, StreamObserver<PushBundleResponse> observer) {
        try {
            final byte[] signed = request.getSignedBundle().toByteArray();
            if (signed.length == 0) {
                throw ApiException.invalid(ErrorReason.FIELD_MISSING, "signed_bundle", "signed_bundle is required");
            }
            if (signed.length > Limits.MAX_BUNDLE_BYTES) {
                throw new ApiException(Status.Code.INVALID_ARGUMENT, ErrorReason.BUNDLE_TOO_LARGE, "signed bundle of "
                        + signed.length + " bytes exceeds " + Limits.MAX_BUNDLE_BYTES,
                        Map.of("max", Integer.toString(Limits.MAX_BUNDLE_BYTES)));
            }
            final Admission admission = ctx.state().admitBundle(signed);
            if (!admission.ok()) {
                LOG.info("bundle push refused at the edge: {}", admission.code());
                throw ErrorMapper.forResult(CommandResult.newBuilder().setCode(admission.code())
                        .setDetail(admission.detail()).build());
            }
            final Command command = Command.newBuilder()
                    .setHeader(header(request.getWrite()))
                    .setPutBundleVersion(BundleCommands.put(signed, admission))
                    .build();
            Replies.when(ctx.writes().submit(command).thenApply(result -> {
                LOG.info("bundle {} stored as version {} at index {}", result.getBundle().getContentHash(),
                        result.getBundle().getVersion(), result.getAppliedIndex());
                return PushBundleResponse.newBuilder()
                        .setVersion(result.getBundle())
                        .setWrite(WriteGateway.writeResult(result))
                        .build();
            }), observer);
        } catch (RuntimeException e) {
            Replies.fail(observer, e);
        }
    }

    @Override
    public void setShadow(SetShadowRequest request, StreamObserver<BundleActivationResponse> observer) {
        activation(Command.newBuilder().setHeader(header(request.getWrite()))
                .setSetBundleShadow(SetBundleShadow.newBuilder().setVersion(request.getVersion())), observer);
    }

    @Override
    public void promoteBundle(PromoteBundleRequest request, StreamObserver<BundleActivationResponse> observer) {
        activation(Command.newBuilder().setHeader(header(request.getWrite()))
                .setPromoteBundle(PromoteBundle.newBuilder().setVersion(request.getVersion())
                        .setExpectedActiveHash(request.getExpectedActiveHash())), observer);
    }

    @Override
    public void rollbackBundle(RollbackBundleRequest request, StreamObserver<BundleActivationResponse> observer) {
        activation(Command.newBuilder().setHeader(header(request.getWrite()))
                .setRollbackBundle(RollbackBundle.newBuilder().setToVersion(request.getToVersion())), observer);
    }

    @Override
    public void listBundleVersions(ListBundleVersionsRequest request, StreamObserver<ListBundleVersionsResponse> observer) {
        try {
            final int limit = request.getLimit() == 0 ? DEFAULT_LIST_LIMIT : request.getLimit();
            if (limit < 1 || limit > MAX_LIST_LIMIT) {
                throw ApiException.invalid(ErrorReason.FIELD_MALFORMED, "limit", "limit must be 1-" + MAX_LIST_LIMIT);
            }
            Replies.when(ctx.reads().read(request.getRead(), () -> {
                final long applied = ctx.state().lastAppliedIndex();
                return ctx.state().listBundleVersions(limit).setMeta(ctx.meta(applied)).build();
            }), observer);
        } catch (RuntimeException e) {
            Replies.fail(observer, e);
        }
    }

    @Override
    public void getBundleStatus(GetBundleStatusRequest request, StreamObserver<GetBundleStatusResponse> observer) {
        try {
            Replies.when(ctx.reads().read(request.getRead(), () -> {
                final long applied = ctx.state().lastAppliedIndex();
                return ctx.state().bundleStatus().setMeta(ctx.meta(applied)).build();
            }), observer);
        } catch (RuntimeException e) {
            Replies.fail(observer, e);
        }
    }

    private CommandHeader header(WriteOptions write) {
        return ctx.edge().header(ctx.actor(), write, ctx.clock().millis());
    }

    private void activation(Command.Builder command, StreamObserver<BundleActivationResponse> observer) {
        try {
            Replies.when(ctx.writes().submit(command.build()).thenApply(result -> {
                final BundleActivationResponse.Builder out = BundleActivationResponse.newBuilder()
                        .setWrite(WriteGateway.writeResult(result));
                if (result.hasActiveBundle()) {
                    out.setActive(result.getActiveBundle());
                }
                if (result.hasShadowBundle()) {
                    out.setShadow(result.getShadowBundle());
                }
                return out.build();
            }), observer);
        } catch (RuntimeException e) {
            Replies.fail(observer, e);
        }
    }
}
